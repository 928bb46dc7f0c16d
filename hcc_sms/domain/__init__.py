# Plain-Python SMS rules, free of the ORM: which carrier a number belongs
# to, and when quiet hours end.
from . import carriers
from . import quiet_hours
