# Plain Python scoring rules, no ORM: testable and reusable by reports.
from . import score
