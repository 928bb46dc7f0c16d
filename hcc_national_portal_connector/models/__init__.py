from . import hcc_portal_exchange
from . import hcc_portal_settings
from . import hcc_job
from . import hcc_dossier_log
from . import hcc_dossier
from . import hcc_portal_procedure
from . import hcc_portal_reconciliation
