from . import hcc_dossier_action_wizard
from . import hcc_statistics_report_wizard
from . import hcc_dossier_handover_wizard
from . import hcc_dossier_supplement_wizard
from . import hcc_holiday_import
from . import hcc_holiday_import_line
from . import hcc_agency_merge
from . import hcc_explanation_report_wizard
