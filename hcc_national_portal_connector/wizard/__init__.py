from . import hcc_portal_procedure_import
