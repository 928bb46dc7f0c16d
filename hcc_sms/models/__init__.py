from . import hcc_sms_carrier
from . import hcc_sms_gateway
from . import hcc_sms_template
from . import hcc_sms_optout
from . import hcc_sms_message
from . import hcc_job
from . import hcc_dossier
