from . import client
from . import models
