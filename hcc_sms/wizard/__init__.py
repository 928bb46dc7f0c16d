from . import hcc_sms_test_wizard
