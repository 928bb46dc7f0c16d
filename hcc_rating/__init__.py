from . import domain
from . import models
from . import controllers
from . import report
from . import wizard
