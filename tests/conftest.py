"""Cross-module tests: they talk to a real Odoo server (started by
scripts/test.sh on the throwaway test database) over real HTTP."""
import os
import xmlrpc.client

import pytest


@pytest.fixture(scope="session")
def server():
    url = os.environ.get("HCC_URL")
    db = os.environ.get("HCC_DB")
    if not url or not db:
        pytest.fail("run these tests through `make test` (HCC_URL and HCC_DB are not set)")
    return url, db


class Rpc(object):
    """XML-RPC session of one user, as an outside client would use it."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        assert self.uid, "login %s refused" % login
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kwargs)


@pytest.fixture(scope="session")
def rpc(server):
    url, db = server
    return lambda login, password=None: Rpc(url, db, login, password or login)
