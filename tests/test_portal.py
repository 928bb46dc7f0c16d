"""The citizen side over real HTTP: the public lookup behind the QR code
never fails, a citizen's portal shows his dossiers and nobody else's, he
prints his own slips and nobody else's, and bad addresses get a Vietnamese
404/403 page, never a 500."""
import re
import urllib.parse

import pytest
import requests

RECEIPT = "hcc_one_stop.report_hcc_receipt"
CONTROL = "hcc_one_stop.report_hcc_control"


def _codes(rpc, domain):
    admin = rpc("admin")
    return [d["name"] for d in admin("hcc.dossier", "search_read", domain, ["name"])]


@pytest.fixture(autouse=True)
def fresh_lookup_limit(rpc):
    # all tests share 127.0.0.1: start with no failed lookup on record
    admin = rpc("admin")
    admin("hcc.lookup.attempt", "unlink", admin("hcc.lookup.attempt", "search", []))


def _lookup(url, code, factor):
    s = requests.Session()
    form = s.get(url + "/tra-cuu-ho-so", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return s.post(url + "/tra-cuu-ho-so", timeout=30,
                  data={"code": code, "factor": factor, "csrf_token": token})


def test_public_lookup_shows_progress(server, rpc):
    url, _db = server
    admin = rpc("admin")
    d = admin("hcc.dossier", "search_read", [("state", "=", "returned"), ("applicant_phone", "!=", False)],
              ["name", "applicant_id_number", "applicant_phone", "lookup_url"], limit=1)[0]
    by_hand = _lookup(url, d["name"], d["applicant_phone"][-4:])
    by_qr = requests.get(url + "/tra-cuu-ho-so?" + urllib.parse.urlsplit(d["lookup_url"]).query,
                         timeout=30)
    for page in (by_hand, by_qr):
        assert page.status_code == 200
        assert d["name"] in page.text
        assert "Đã trả kết quả" in page.text          # the state, in Vietnamese
        # no identity on a public page
        assert d["applicant_id_number"] not in page.text
        assert d["applicant_phone"] not in page.text


def test_public_lookup_bad_input_never_fails(server):
    url, _db = server
    for code in ("KHONG-CO-MA-NAY-0001", "<script>alert(1)</script>", "x" * 500, "' OR 1=1 --"):
        for page in (_lookup(url, code, "1234"),
                     requests.get(url + "/tra-cuu-ho-so", params={"code": code, "t": code}, timeout=30)):
            assert page.status_code == 200, code
            assert "<script>alert(1)</script>" not in page.text
            assert "alert alert-warning" in page.text, code


def _login(url, login, password=None):
    s = requests.Session()
    form = s.get(url + "/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    r = s.post(url + "/web/login", data={"login": login, "password": password or login,
                                         "csrf_token": token, "redirect": "/my/dossiers"},
               timeout=30)
    assert r.status_code == 200
    return s


def _citizen_ids(rpc):
    admin = rpc("admin")
    partner = admin("res.users", "search_read", [("login", "=", "citizen")], ["partner_id"])[0]["partner_id"][0]
    own = admin("hcc.dossier", "search", [("partner_id", "=", partner), ("received_at", "!=", False)])
    other = admin("hcc.dossier", "search", [("id", "not in", own), ("received_at", "!=", False)], limit=1)
    assert own and other
    return own, other[0]


def test_citizen_sees_only_her_dossiers(server, rpc):
    url, _db = server
    admin = rpc("admin")
    citizen_partner = admin("res.users", "search_read", [("login", "=", "citizen")], ["partner_id"])[0]["partner_id"][0]
    own = _codes(rpc, [("partner_id", "=", citizen_partner)])
    others = [c for c in _codes(rpc, [("name", "!=", False)]) if c not in own][:20]
    assert own and others
    s = _login(url, "citizen")
    page = s.get(url + "/my/dossiers", timeout=30)
    assert page.status_code == 200
    for code in own:
        assert code in page.text
    for code in others:
        assert code not in page.text
    # another citizen's dossier by id: a 404 page, not shown
    other_id = admin("hcc.dossier", "search", [("name", "=", others[0])])[0]
    detail = s.get(url + "/my/dossiers/%d" % other_id, timeout=30)
    assert detail.status_code == 404
    assert others[0] not in detail.text
    own_id = admin("hcc.dossier", "search", [("name", "=", own[0])])[0]
    detail = s.get(url + "/my/dossiers/%d" % own_id, timeout=30)
    assert own[0] in detail.text


def test_citizen_prints_his_own_receipt_only(server, rpc):
    url, _db = server
    own, other = _citizen_ids(rpc)
    s = _login(url, "citizen")
    # the links are on "My dossiers"
    listing = s.get(url + "/my/dossiers", timeout=30).text
    assert "/report/pdf/%s/%d" % (RECEIPT, own[0]) in listing
    pdf = s.get(url + "/report/pdf/%s/%d" % (RECEIPT, own[0]), timeout=120)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    for path, status in (("/report/pdf/%s/%d" % (RECEIPT, other), 403),
                         ("/report/pdf/%s/%d,%d" % (RECEIPT, own[0], other), 403),
                         ("/report/html/%s/%d" % (CONTROL, own[0]), 403),   # internal slip
                         ("/report/pdf/hcc_one_stop.khong_co/%d" % own[0], 404),
                         ("/report/pdf/%s/0" % RECEIPT, 404),
                         ("/report/doc/%s/%d" % (RECEIPT, own[0]), 404)):
        page = s.get(url + path, timeout=60)
        assert page.status_code == status, path
        assert "Traceback" not in page.text
        assert ("Không có quyền truy cập" if status == 403 else "Không tìm thấy") in page.text, path


def test_officer_prints_only_what_he_may_read(server, rpc):
    url, _db = server
    admin = rpc("admin")
    officer = rpc("business")
    readable = officer("hcc.dossier", "search", [("received_at", "!=", False)], limit=1)
    hidden = admin("hcc.dossier", "search", [("received_at", "!=", False),
                                             ("id", "not in", officer("hcc.dossier", "search", []))], limit=1)
    assert readable and hidden
    s = _login(url, "business")
    page = s.get(url + "/report/html/%s/%d" % (CONTROL, readable[0]), timeout=60)
    assert page.status_code == 200
    page = s.get(url + "/report/html/%s/%d" % (CONTROL, hidden[0]), timeout=60)
    assert page.status_code == 403


def test_my_pages_answer_404_not_500(server):
    url, _db = server
    s = _login(url, "citizen")
    for path in ("/my/dossiers/0", "/my/dossiers/99999999999", "/my/dossiers/%00",
                 "/my/dossiers/page/99999999999"):
        page = s.get(url + path, timeout=30)
        assert page.status_code in (200, 404), path
        assert "Traceback" not in page.text


def test_my_home_works_without_a_one_stop_group(server, rpc):
    url, _db = server
    admin = rpc("admin")
    login = "hcc_plain_employee"
    if not admin("res.users", "search", [("login", "=", login)]):
        group = admin("ir.model.data", "xmlid_to_res_id", "base.group_user")
        admin("res.users", "create", {"name": "Plain employee", "login": login, "password": login,
                                      "groups_id": [(6, 0, [group])]})
    s = _login(url, login)
    for path in ("/my/home", "/my", "/my/dossiers"):
        page = s.get(url + path, timeout=30)
        assert page.status_code == 200, path
