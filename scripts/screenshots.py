"""Regenerate the README screenshots (docs/screenshots/*.png) with headless
Chromium against a running suite with its demo data:

    make run                                  # or any server with the demo
    .venv/bin/python scripts/screenshots.py   # HCC_URL, HCC_DB to point elsewhere

Each picture is taken as the demo user who sees it: the officer's queue,
the managers' dashboard, the centre-wide kanban, the counter's receiving
form, the receipt slip (its HTML rendering: headless Chromium does not
paint its PDF viewer) and the public lookup behind the slip's QR code.
"""
import os
import sys
import time
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from conftest import _chrome_options, browser_login  # noqa: E402

URL = os.environ.get('HCC_URL', 'http://127.0.0.1:%s' % os.environ.get('HCC_HTTP_PORT', '8069'))
DB = os.environ.get('HCC_DB', 'hcc')
OUT = os.environ.get('HCC_SCREENSHOTS', os.path.join(ROOT, 'docs', 'screenshots'))


def rpc(login):
    common = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common', allow_none=True)
    uid = common.authenticate(DB, login, login, {})
    models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True)
    return lambda model, method, *a, **kw: models.execute_kw(DB, uid, login, model, method,
                                                            list(a), kw)


def driver():
    opts = _chrome_options()
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=opts)


def wait_css(d, selector, timeout=60):
    return WebDriverWait(d, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, selector)))


def shot(d, name):
    time.sleep(1.0)  # fonts and late renders
    path = os.path.join(OUT, name)
    d.save_screenshot(path)
    print('wrote', os.path.relpath(path, ROOT))


def as_user(login, pages):
    d = driver()
    try:
        browser_login(d, URL, login)
        wait_css(d, '.o_web_client .o_control_panel')
        for path, selector, name in pages:
            d.get(URL + path)
            wait_css(d, selector)
            shot(d, name)
    finally:
        d.quit()


def main():
    os.makedirs(OUT, exist_ok=True)
    manager = rpc('manager')
    ref = lambda xml_id: manager('ir.model.data', 'xmlid_to_res_id', xml_id)
    dossier = manager('hcc.dossier', 'search_read', [('state', '=', 'processing')],
                      ['id', 'lookup_url'], limit=1, order='received_at desc')[0]
    as_user('officer', [
        ('/web#action=%d' % ref('hcc_one_stop.hcc_dossier_action_my_queue'),
         '.o_kanban_view .o_kanban_record', 'queue.png')])
    as_user('reception', [
        ('/web#action=%d&view_type=form' % ref('hcc_one_stop.hcc_dossier_action_reception'),
         '.o_form_view', 'counter.png')])
    as_user('manager', [
        ('/web#menu_id=%d' % ref('hcc_one_stop.menu_hcc_dashboard'),
         '.o_kanban_view .o_kanban_record', 'dashboard.png'),
        ('/web#action=%d' % ref('hcc_one_stop.hcc_dossier_action_all'),
         '.o_kanban_view .o_kanban_record', 'centre-kanban.png'),
        ('/web#id=%d&model=hcc.dossier&view_type=form' % dossier['id'],
         '.o_form_view .o_form_statusbar', 'dossier.png'),
        ('/report/html/hcc_one_stop.report_hcc_receipt/%d' % dossier['id'], 'body',
         'receipt.png')])
    d = driver()
    try:
        d.get(dossier['lookup_url'].replace(dossier['lookup_url'].split('/tra-cuu')[0], URL))
        wait_css(d, 'main, body')
        shot(d, 'lookup.png')
    finally:
        d.quit()


if __name__ == '__main__':
    main()
