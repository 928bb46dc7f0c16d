from . import main
from . import portal
from . import report
from . import website
from . import filing
