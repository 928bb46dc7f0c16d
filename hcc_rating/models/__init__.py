from . import hcc_rating
from . import hcc_rating_criterion
from . import hcc_rating_line
from . import hcc_rating_link
from . import hcc_rating_statistics
from . import hcc_counter
from . import hcc_dossier
