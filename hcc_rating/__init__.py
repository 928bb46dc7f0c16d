from . import domain
from . import models
