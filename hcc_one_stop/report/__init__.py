from . import hcc_statistics_xlsx
from . import hcc_tracking_book_xlsx
from . import hcc_explanation_xlsx
