from . import client
from . import models
from . import wizard
