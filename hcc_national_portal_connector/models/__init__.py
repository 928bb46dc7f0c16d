from . import hcc_portal_outbox
from . import hcc_dossier
