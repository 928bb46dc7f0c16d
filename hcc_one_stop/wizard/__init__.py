from . import hcc_dossier_action_wizard
from . import hcc_statistics_report_wizard
