from . import controllers
from . import domain
from . import gateways
from . import models
from . import wizard
