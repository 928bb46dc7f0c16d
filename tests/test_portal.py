"""The citizen side over real HTTP: the public lookup behind the QR code
never fails, and a citizen's portal shows her dossiers and nobody else's."""
import re

import requests


def _codes(rpc, domain):
    admin = rpc("admin")
    return [d["name"] for d in admin("hcc.dossier", "search_read", domain, ["name"])]


def test_public_lookup_shows_progress(server, rpc):
    url, _db = server
    code = _codes(rpc, [("state", "=", "returned")])[0]
    page = requests.get(url + "/tra-cuu-ho-so", params={"code": code}, timeout=30)
    assert page.status_code == 200
    assert code in page.text
    assert "Đã trả kết quả" in page.text          # the state, in Vietnamese
    # no identity on a public page
    admin = rpc("admin")
    d = admin("hcc.dossier", "search_read", [("name", "=", code)], ["applicant_id_number", "applicant_phone"])[0]
    assert d["applicant_id_number"] not in page.text
    assert d["applicant_phone"] not in page.text


def test_public_lookup_bad_input_never_fails(server):
    url, _db = server
    for code in ("KHONG-CO-MA-NAY-0001", "<script>alert(1)</script>", "x" * 500, "' OR 1=1 --"):
        page = requests.get(url + "/tra-cuu-ho-so", params={"code": code}, timeout=30)
        assert page.status_code == 200, code
        assert "<script>alert(1)</script>" not in page.text
        assert "alert alert-warning" in page.text, code


def _login(url, login, password):
    s = requests.Session()
    form = s.get(url + "/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    r = s.post(url + "/web/login", data={"login": login, "password": password,
                                         "csrf_token": token, "redirect": "/my/dossiers"},
               timeout=30)
    assert r.status_code == 200
    return s


def test_citizen_sees_only_her_dossiers(server, rpc):
    url, _db = server
    admin = rpc("admin")
    citizen_partner = admin("res.users", "search_read", [("login", "=", "citizen")], ["partner_id"])[0]["partner_id"][0]
    own = _codes(rpc, [("partner_id", "=", citizen_partner)])
    others = [c for c in _codes(rpc, [("name", "!=", False)]) if c not in own][:20]
    assert own and others
    s = _login(url, "citizen", "citizen")
    page = s.get(url + "/my/dossiers", timeout=30)
    assert page.status_code == 200
    for code in own:
        assert code in page.text
    for code in others:
        assert code not in page.text
    # another citizen's dossier by id: sent back to the list, not shown
    other_id = admin("hcc.dossier", "search", [("name", "=", others[0])])[0]
    detail = s.get(url + "/my/dossiers/%d" % other_id, timeout=30)
    assert others[0] not in detail.text
    own_id = admin("hcc.dossier", "search", [("name", "=", own[0])])[0]
    detail = s.get(url + "/my/dossiers/%d" % own_id, timeout=30)
    assert own[0] in detail.text
