from . import hcc_rating
