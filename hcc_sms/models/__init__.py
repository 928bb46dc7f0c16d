from . import hcc_sms_gateway
from . import hcc_sms_template
from . import hcc_sms_message
from . import hcc_dossier
