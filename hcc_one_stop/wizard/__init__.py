from . import hcc_dossier_action_wizard
