from . import hcc_dossier
from . import hcc_rating
