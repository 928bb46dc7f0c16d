from . import hcc_statistics_xlsx
from . import hcc_tracking_book_xlsx
