"""Developer loop: run chosen Odoo test modules, classes or methods against an
existing database, without reinstalling anything (make test runs them all).

    .venv/bin/python scripts/dev_test.py -c CONF -d DB hcc_one_stop.tests.test_dossier_lifecycle[.Class[.test]] ...

Update the addons in DB first (odoo -u ...) when models, views or data changed.
"""
import argparse
import sys
import threading
import unittest

import odoo


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-c", "--config", required=True)
    ap.add_argument("-d", "--database", required=True)
    ap.add_argument("names", nargs="+")
    a = ap.parse_args()
    odoo.tools.config.parse_config(["-c", a.config, "-d", a.database])
    odoo.tools.config["test_enable"] = True
    odoo.modules.module.initialize_sys_path()
    thread = threading.currentThread()
    thread.dbname = a.database
    odoo.registry(a.database)
    thread.testing = True
    names = [n if n.startswith("odoo.addons.") else "odoo.addons." + n for n in a.names]
    suite = unittest.TestLoader().loadTestsFromNames(names)
    # TransactionCase needs the environments' thread-local, as Odoo's runner has
    with odoo.api.Environment.manage():
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
