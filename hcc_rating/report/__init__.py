from . import hcc_rating_xlsx
