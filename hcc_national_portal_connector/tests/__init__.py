from . import test_portal_mapping
from . import test_portal_soap
from . import test_portal_dossier_event
