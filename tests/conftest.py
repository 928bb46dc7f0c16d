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


def _chrome_options():
    from selenium.webdriver.chrome.options import Options
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    # headless, and nothing that reaches for the network outside 127.0.0.1
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=vi-VN",
                "--window-size=1366,900"):
        opts.add_argument(arg)
    return opts


@pytest.fixture
def browser(server, tmp_path):
    """A real Debian Chromium driven by selenium; closed after the test."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = _chrome_options()
    opts.add_argument("--user-data-dir=%s" % (tmp_path / "chromium"))
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def browser_login(driver, url, login, password=None, redirect="/web"):
    """Log in through the real login form."""
    from selenium.webdriver.common.by import By
    driver.get(url + "/web/login?redirect=" + redirect)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form input[name=login]").send_keys(login)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form input[name=password]").send_keys(
        password or login)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
