from . import test_rating_portal
