from . import test_rating_score
from . import test_rating
