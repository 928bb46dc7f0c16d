from . import gateways
from . import models
