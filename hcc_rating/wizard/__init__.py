from . import hcc_rating_report_wizard
