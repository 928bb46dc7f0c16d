"""Ratings over real HTTP: the counter tablet and the rating link as a
citizen's browser would post them (csrf_token and all), every bad request
answered with a Vietnamese page and its status code, never a 500, and
nothing stored; "rate this dossier" in My dossiers for one's own dossiers
only. Dossiers are moved by the real demo roles over XML-RPC."""
import re

import pytest
import requests

PROCEDURE = "hcc_one_stop.procedure_business_private"


def _ref(admin, xmlid):
    return admin("ir.model.data", "xmlid_to_res_id", xmlid)


def _csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _login(url, login):
    s = requests.Session()
    token = _csrf(s.get(url + "/web/login", timeout=30).text)
    r = s.post(url + "/web/login", data={"login": login, "password": login, "csrf_token": token,
                                         "redirect": "/my/dossiers"}, timeout=30)
    assert r.status_code == 200
    return s


def returned_dossier(rpc, partner_id=False):
    """Received at counter 1, examined and signed at the business
    registration office, returned at counter 1: each by its demo official."""
    admin = rpc("admin")
    reception = rpc("reception")
    vals = {"procedure_id": _ref(admin, PROCEDURE), "applicant_name": "Lò Văn Đánh",
            "applicant_id_number": "015090007788", "applicant_phone": "0912 000 778"}
    if partner_id:
        vals["partner_id"] = partner_id
    dossier = reception("hcc.dossier", "receive_new", vals)
    dossier_id = dossier["id"] if isinstance(dossier, dict) else dossier
    reception("hcc.dossier", "action_next_step", [dossier_id])
    rpc("business")("hcc.dossier", "action_next_step", [dossier_id])
    rpc("business_head")("hcc.dossier", "action_finish", [dossier_id])
    reception("hcc.dossier", "action_return_result", [dossier_id])
    link = admin("hcc.rating.link", "search_read", [("dossier_id", "=", dossier_id)],
                 ["token", "expires_at", "used_at"])
    assert len(link) == 1, "the return of the result makes the rating link"
    return dossier_id, link[0]


def _ratings(admin, dossier_id):
    return admin("hcc.rating", "search_read", [("dossier_id", "=", dossier_id)],
                 ["level", "channel", "comment", "user_id", "processing_user_ids"])


def _form(session, url):
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text[:500]
    return page, _csrf(page.text)


def test_rating_link_single_use_and_bad_input(server, rpc):
    url, _db = server
    admin = rpc("admin")
    dossier_id, link = returned_dossier(rpc)
    address = url + "/danh-gia/" + link["token"]
    s = requests.Session()
    page, token = _form(s, address)
    assert "Đánh giá" in page.text and "Rất hài lòng" in page.text
    criterion = int(re.search(r'name="criterion_(\d+)"', page.text).group(1))

    bad_posts = [
        {"level": "3"},                                                    # no csrf_token
        {"level": "3", "csrf_token": "forged"},                           # forged csrf_token
        {"level": "5", "csrf_token": token},                              # out of range
        {"level": "0", "csrf_token": token},
        {"level": "", "csrf_token": token},
        {"level": "3", "comment": "x" * 1001, "csrf_token": token},       # huge comment
        {"level": "3", "comment": "x" * 100000, "csrf_token": token},
        {"level": "3", "criterion_%d" % criterion: "7", "csrf_token": token},
        {"level": "3", "criterion_999999": "3", "csrf_token": token},
        {"level": "3", "criterion_abc": "3", "csrf_token": token},
    ]
    for data in bad_posts:
        r = s.post(address, data=data, timeout=30)
        assert r.status_code == 400, (data.get("level"), r.status_code)
        assert _ratings(admin, dossier_id) == [], data
    # the refused posts left the link usable
    assert admin("hcc.rating.link", "read", [link["id"]], ["used_at"])[0]["used_at"] is False

    r = s.post(address, timeout=30, data={"level": "2", "comment": "Cán bộ nhiệt tình",
                                          "criterion_%d" % criterion: "3", "csrf_token": token})
    assert r.status_code == 200 and "Cảm ơn" in r.text
    [rating] = _ratings(admin, dossier_id)
    assert (rating["level"], rating["channel"], rating["comment"]) == ("2", "link", "Cán bộ nhiệt tình")
    assert rating["user_id"][0] == _ref(admin, "hcc_one_stop.user_reception")
    assert set(rating["processing_user_ids"]) == {_ref(admin, "hcc_one_stop.user_business"),
                                                  _ref(admin, "hcc_one_stop.user_business_head")}

    # reused: 410 on the page and on a second post, still one rating
    for r in (s.get(address, timeout=30),
              s.post(address, data={"level": "1", "csrf_token": token}, timeout=30)):
        assert r.status_code == 410 and "đã được đánh giá" in r.text
    assert len(_ratings(admin, dossier_id)) == 1


def test_unknown_and_expired_links(server, rpc):
    url, _db = server
    admin = rpc("admin")
    for token in ("khong-co-ma-nay-0000000000", "x", "a" * 300, "%27%20OR%201%3D1",
                  "<script>alert(1)<"):
        r = requests.get(url + "/danh-gia/" + token, timeout=30)
        assert r.status_code == 404, token
        assert "không tồn tại" in r.text and "<script>alert(1)" not in r.text
    # a slash makes another address: the website's own 404, not a 500
    r = requests.get(url + "/danh-gia/<script>alert(1)</script>", timeout=30)
    assert r.status_code == 404 and "<script>alert(1)" not in r.text
    dossier_id, link = returned_dossier(rpc)
    # the administrator moves the link's expiry into the past
    admin("hcc.rating.link", "write", [link["id"]], {"expires_at": "2020-01-01 00:00:00"})
    s = requests.Session()
    r = s.get(url + "/danh-gia/" + link["token"], timeout=30)
    assert r.status_code == 410 and "hết hạn" in r.text
    token = _csrf(s.get(url + "/tra-cuu-ho-so", timeout=30).text)
    r = s.post(url + "/danh-gia/" + link["token"], data={"level": "3", "csrf_token": token},
               timeout=30)
    assert r.status_code == 410
    assert _ratings(admin, dossier_id) == []


@pytest.fixture
def kiosk(server, rpc):
    """Counter 1's tablet address, issued by the IT staff."""
    url, _db = server
    it = rpc("it")
    counter_id = _ref(rpc("admin"), "hcc_one_stop.counter_1")
    it("hcc.counter", "action_rating_device_new", [counter_id])
    address = it("hcc.counter", "read", [counter_id], ["rating_kiosk_url"])[0]["rating_kiosk_url"]
    assert "/danh-gia/quay/" in address
    return counter_id, url + address[address.index("/danh-gia/quay/"):]


def test_counter_tablet_one_rating_per_visit(server, rpc, kiosk):
    url, _db = server
    admin = rpc("admin")
    counter_id, address = kiosk
    reception = rpc("reception")
    dossier = reception("hcc.dossier", "receive_new", {
        "procedure_id": _ref(admin, PROCEDURE), "applicant_name": "Lò Thị Quầy",
        "applicant_id_number": "015090007789", "applicant_phone": "0912 000 779"})
    dossier_id = dossier["id"] if isinstance(dossier, dict) else dossier
    code = admin("hcc.dossier", "read", [dossier_id], ["name"])[0]["name"]
    official = admin("res.users", "read", [_ref(admin, "hcc_one_stop.user_reception")],
                     ["name", "image"])[0]

    s = requests.Session()
    page, token = _form(s, address)
    assert code in page.text and official["name"] in page.text
    # the official's photo (res.users image), or a neutral placeholder
    if official["image"]:
        assert "data:image/png;base64," in page.text
    else:
        assert "/web/static/src/img/placeholder.png" in page.text
    log_id = re.search(r'name="log_id" value="(\d+)"', page.text).group(1)
    for data in ({"level": "3", "log_id": log_id},                       # no csrf_token
                 {"level": "4", "log_id": log_id, "csrf_token": token},
                 {"level": "3", "log_id": log_id, "comment": "y" * 2000, "csrf_token": token}):
        r = s.post(address, data=data, timeout=30)
        assert r.status_code == 400
    assert _ratings(admin, dossier_id) == []
    r = s.post(address, data={"level": "1", "log_id": log_id, "comment": "Chờ lâu",
                              "csrf_token": token}, timeout=30)
    assert r.status_code == 200 and "Cảm ơn" in r.text
    [rating] = _ratings(admin, dossier_id)
    assert (rating["level"], rating["channel"]) == ("1", "counter")
    assert rating["user_id"][1] == official["name"] and rating["processing_user_ids"] == []
    # one rating per visit: the same visit again is refused, the page waits
    r = s.post(address, data={"level": "3", "log_id": log_id, "csrf_token": token}, timeout=30)
    assert r.status_code == 409
    assert len(_ratings(admin, dossier_id)) == 1
    page = s.get(address, timeout=30)
    assert page.status_code == 200 and 'name="log_id"' not in page.text
    # "not satisfied": the follow-up is open for the head of the department
    full = admin("hcc.rating", "search_read", [("dossier_id", "=", dossier_id)],
                 ["followup_state", "activity_ids"])[0]
    assert full["followup_state"] == "needed"


def test_unknown_and_revoked_tablet(server, rpc, kiosk):
    url, _db = server
    counter_id, address = kiosk
    for bad in (url + "/danh-gia/quay/khong-co-may-nay-000000", url + "/danh-gia/quay/x"):
        r = requests.get(bad, timeout=30)
        assert r.status_code == 404 and "máy tính bảng" in r.text
    rpc("it")("hcc.counter", "action_rating_device_revoke", [counter_id])
    r = requests.get(address, timeout=30)
    assert r.status_code == 404
    # only who configures counters issues tablet addresses
    with pytest.raises(Exception):
        rpc("reception")("hcc.counter", "action_rating_device_new", [counter_id])


def test_my_dossiers_rate_own_only(server, rpc):
    url, _db = server
    admin = rpc("admin")
    citizen = admin("res.users", "read", [_ref(admin, "hcc_one_stop.user_citizen")],
                    ["commercial_partner_id"])[0]
    mine, _link = returned_dossier(rpc, citizen["commercial_partner_id"][0])
    other, _other_link = returned_dossier(rpc)
    s = _login(url, "citizen")
    listing = s.get(url + "/my/dossiers", timeout=30).text
    assert "/my/dossiers/%d/danh-gia" % mine in listing
    assert s.get(url + "/my/dossiers/%d" % mine, timeout=30).text.count(
        "/my/dossiers/%d/danh-gia" % mine) == 1
    # another's dossier: the same 404 as a missing one, and nothing stored
    page, token = _form(s, url + "/my/dossiers/%d/danh-gia" % mine)
    for dossier_id in (other, 999999999):
        r = s.get(url + "/my/dossiers/%d/danh-gia" % dossier_id, timeout=30)
        assert r.status_code == 404
        r = s.post(url + "/my/dossiers/%d/danh-gia" % dossier_id,
                   data={"level": "1", "csrf_token": token}, timeout=30)
        assert r.status_code == 404
    assert _ratings(admin, other) == []
    r = s.post(url + "/my/dossiers/%d/danh-gia" % mine, data={"level": "3", "csrf_token": token},
               timeout=30)
    assert r.status_code == 200
    [rating] = _ratings(admin, mine)
    assert (rating["level"], rating["channel"]) == ("3", "portal")
    assert "/my/dossiers/%d/danh-gia" % mine not in s.get(url + "/my/dossiers", timeout=30).text
