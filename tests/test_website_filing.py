"""Online filing, online supplement and withdrawal request over real HTTP,
as the demo citizen and a second citizen, with the demo receiving officer
acting over XML-RPC: uploads checked by content, CSRF on every form, one
citizen never reaching another's dossier or file (both ways)."""
import re

import pytest
import requests

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03" + b"\x00" * 64
ID_NUMBER = "015090004321"
PHONE = "0912 000 431"


def _ref(admin, xmlid):
    return admin("ir.model.data", "xmlid_to_res_id", xmlid)


def login(url, user):
    s = requests.Session()
    form = s.get(url + "/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    r = s.post(url + "/web/login", data={"login": user, "password": user, "csrf_token": token},
               timeout=30)
    assert r.status_code == 200
    return s


def csrf(s, url, path):
    page = s.get(url + path, timeout=30)
    assert page.status_code == 200, path
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


@pytest.fixture(scope="module")
def procedure(rpc):
    """An online procedure with an e-form, made by IT staff (configurator)."""
    admin, it = rpc("admin"), rpc("it")
    existing = it("hcc.procedure", "search", [("national_code", "=", "9.990010")])
    if existing:
        return it("hcc.procedure", "read", existing, ["document_ids", "field_ids"])[0]
    sector = it("hcc.sector", "create", {"name": "Thử nghiệm trực tuyến"})
    pid = it("hcc.procedure", "create", {
        "name": "Cấp bản sao trích lục hộ tịch trực tuyến", "national_code": "9.990010",
        "sector_id": sector, "agency_id": _ref(admin, "hcc_one_stop.agency_commune"),
        "level": "commune", "legal_amount": 2, "legal_unit": "day", "online_level": "full",
        "step_ids": [(0, 0, {"sequence": 1, "name": "Tiếp nhận", "role": "receiving",
                             "department_id": _ref(admin, "hcc_one_stop.dept_commune"),
                             "budget_amount": 1, "budget_unit": "day"})],
        "document_ids": [(0, 0, {"sequence": 1, "name": "Tờ khai trích lục", "mandatory": True}),
                         (0, 0, {"sequence": 2, "name": "Giấy ủy quyền", "mandatory": False})],
        "field_ids": [(0, 0, {"sequence": 1, "name": "Số sổ hộ tịch", "field_type": "text",
                              "required": True}),
                      (0, 0, {"sequence": 2, "name": "Ngày đăng ký", "field_type": "date",
                              "required": True}),
                      (0, 0, {"sequence": 3, "name": "Nhận kết quả qua bưu điện",
                              "field_type": "yes_no"})],
    })
    return it("hcc.procedure", "read", [pid], ["document_ids", "field_ids"])[0]


@pytest.fixture(scope="module")
def second_citizen(rpc):
    admin = rpc("admin")
    login_name = "citizen_hai"
    if not admin("res.users", "search", [("login", "=", login_name)]):
        admin("res.users", "create", {
            "name": "Trần Thị Hai", "login": login_name, "password": login_name,
            "email": "hai@example.com",
            "groups_id": [(6, 0, [_ref(admin, "base.group_portal")])]})
    return login_name


def file_online(url, s, procedure, files=None, answers=None):
    path = "/thu-tuc/%d/nop-truc-tuyen" % procedure["id"]
    token = csrf(s, url, path)
    f1, f2, f3 = procedure["field_ids"]
    data = {"csrf_token": token, "name": "Nguyễn Thị Mạng", "id_number": ID_NUMBER,
            "phone": PHONE, "email": "mang@example.com", "address": "Yên Bái"}
    data.update(answers if answers is not None else
                {"f_%d" % f1: "12/2020", "f_%d" % f2: "2020-05-17", "f_%d" % f3: "no"})
    if files is None:
        files = {"doc_%d" % procedure["document_ids"][0]: ("to-khai.pdf", PDF, "application/pdf")}
    return s.post(url + path, data=data, files=files, timeout=60, allow_redirects=False)


def _dossier_id(response):
    assert response.status_code in (302, 303), response.text[:2000]
    return int(re.search(r"/my/dossiers/(\d+)\?filed=1", response.headers["Location"]).group(1))


def test_filing_online_until_the_officer_receives_it(server, rpc, procedure):
    url, _db = server
    admin, reception = rpc("admin"), rpc("reception")
    s = login(url, "citizen")
    form = s.get(url + "/thu-tuc/%d/nop-truc-tuyen" % procedure["id"], timeout=30).text
    assert "Số sổ hộ tịch" in form and "Tờ khai trích lục" in form
    assert 'enctype="multipart/form-data"' in form and 'name="csrf_token"' in form
    assert 'value="Công dân' in form or 'name="name"' in form   # applicant from the account
    dossier_id = _dossier_id(file_online(url, s, procedure))
    d = admin("hcc.dossier", "read", [dossier_id], [
        "name", "state", "channel", "received_at", "partner_id", "document_ids", "answer_ids"])[0]
    citizen_partner = admin("res.users", "search_read", [("login", "=", "citizen")],
                            ["commercial_partner_id"])[0]["commercial_partner_id"][0]
    assert (d["state"], d["channel"], d["received_at"]) == ("draft", "2", False)
    assert d["partner_id"][0] == citizen_partner and d["name"]
    confirmation = s.get(url + "/my/dossiers/%d?filed=1" % dossier_id, timeout=30).text
    assert d["name"] in confirmation and "Hồ sơ đã được nộp trực tuyến" in confirmation
    docs = admin("hcc.dossier.document", "read", d["document_ids"], ["name", "attachment_id",
                                                                     "received"])
    uploaded = [doc for doc in docs if doc["attachment_id"]]
    assert [doc["name"] for doc in uploaded] == ["Tờ khai trích lục"] and uploaded[0]["received"]
    # the citizen downloads his own file back
    att = uploaded[0]["attachment_id"][0]
    got = s.get(url + "/my/dossiers/%d/tep/%d" % (dossier_id, att), timeout=30)
    assert got.status_code == 200 and got.content == PDF
    # the desk sees it (receiving officer, over XML-RPC) and receives it
    assert dossier_id in reception("hcc.dossier", "search", [("channel", "=", "2"),
                                                             ("state", "=", "draft")])
    reception("hcc.dossier", "action_receive", [dossier_id])
    page = s.get(url + "/my/dossiers/%d" % dossier_id, timeout=30).text
    assert "Đã tiếp nhận" in page
    assert "Hẹn trả" in page or "Appointment" in page


def test_uploads_are_checked_by_content_and_nothing_is_kept(server, rpc, procedure):
    url, _db = server
    admin = rpc("admin")
    s = login(url, "citizen")
    before = admin("hcc.dossier", "search_count", [])
    doc = "doc_%d" % procedure["document_ids"][0]
    cases = [
        ({doc: ("to-khai.pdf", EXE, "application/pdf")}, "PDF, JPEG hoặc PNG"),
        ({}, "Tờ khai trích lục"),       # the mandatory document is missing
    ]
    for files, message in cases:
        page = file_online(url, s, procedure, files=files)
        assert page.status_code == 200 and message in page.text and "alert-danger" in page.text
    page = file_online(url, s, procedure, answers={})
    assert page.status_code == 200 and "Số sổ hộ tịch" in page.text and "alert-danger" in page.text
    # over the size limit (lowered for the test)
    key = "hcc_one_stop.upload_max_bytes"
    old = admin("ir.config_parameter", "get_param", key)
    admin("ir.config_parameter", "set_param", key, "40")
    try:
        page = file_online(url, s, procedure)
        assert page.status_code == 200 and "MB" in page.text and "alert-danger" in page.text
    finally:
        admin("ir.config_parameter", "set_param", key, old or "10485760")
    assert admin("hcc.dossier", "search_count", []) == before


def test_officials_and_anonymous_do_not_file_online(server, procedure):
    url, _db = server
    path = "/thu-tuc/%d/nop-truc-tuyen" % procedure["id"]
    anonymous = requests.get(url + path, timeout=30, allow_redirects=False)
    assert anonymous.status_code in (302, 303) and "/web/login" in anonymous.headers["Location"]
    officer = login(url, "reception").get(url + path, timeout=30)
    assert officer.status_code == 403


def test_supplement_upload_and_withdrawal_request(server, rpc, procedure):
    url, _db = server
    admin, reception = rpc("admin"), rpc("reception")
    s = login(url, "citizen")
    dossier_id = _dossier_id(file_online(url, s, procedure))
    reception("hcc.dossier", "action_receive", [dossier_id])
    lines = admin("hcc.dossier.document", "search_read", [("dossier_id", "=", dossier_id)],
                  ["name"])
    proxy = [l["id"] for l in lines if l["name"] == "Giấy ủy quyền"]
    reception("hcc.dossier", "action_request_supplement", [dossier_id], "Thiếu giấy ủy quyền",
              proxy)
    page = s.get(url + "/my/dossiers/%d" % dossier_id, timeout=30).text
    assert "Giấy ủy quyền" in page and "/my/dossiers/%d/bo-sung" % dossier_id in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    sent = s.post(url + "/my/dossiers/%d/bo-sung" % dossier_id, timeout=60,
                  data={"csrf_token": token},
                  files={"doc_%d" % proxy[0]: ("uy-quyen.png", PNG, "image/png")})
    assert sent.status_code == 200 and "Hồ sơ tiếp tục khi cán bộ chấp nhận" in sent.text
    d = admin("hcc.dossier", "read", [dossier_id], ["state", "online_supplement_at"])[0]
    assert d["state"] == "supplement" and d["online_supplement_at"]
    reception("hcc.dossier", "action_supplement_received", [dossier_id])
    assert admin("hcc.dossier", "read", [dossier_id], ["state"])[0]["state"] == "processing"

    page = s.get(url + "/my/dossiers/%d" % dossier_id, timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    asked = s.post(url + "/my/dossiers/%d/rut-ho-so" % dossier_id, timeout=30,
                   data={"csrf_token": token, "reason": "Đã nộp ở nơi khác"})
    assert asked.status_code == 200 and "chờ Trung tâm xác nhận" in asked.text
    d = admin("hcc.dossier", "read", [dossier_id], ["state", "withdrawal_requested_at"])[0]
    assert d["state"] == "processing" and d["withdrawal_requested_at"]
    # the desk confirms it
    reception("hcc.dossier", "action_withdraw", [dossier_id], "Đã nộp ở nơi khác")
    assert admin("hcc.dossier", "read", [dossier_id], ["state"])[0]["state"] == "withdrawn"


def test_another_citizens_dossier_and_files_are_never_reachable(server, rpc, procedure,
                                                                 second_citizen):
    url, _db = server
    first, second = login(url, "citizen"), login(url, second_citizen)
    mine = _dossier_id(file_online(url, first, procedure))
    theirs = _dossier_id(file_online(url, second, procedure))
    admin = rpc("admin")

    def file_of(dossier_id):
        docs = admin("hcc.dossier.document", "search_read",
                     [("dossier_id", "=", dossier_id), ("attachment_id", "!=", False)],
                     ["attachment_id"])
        return docs[0]["attachment_id"][0]

    for s, own, other in ((first, mine, theirs), (second, theirs, mine)):
        assert s.get(url + "/my/dossiers/%d/tep/%d" % (own, file_of(own)),
                     timeout=30).status_code == 200
        token = csrf(s, url, "/my/dossiers/%d" % own)
        for path in ("/my/dossiers/%d" % other, "/my/dossiers/%d/tep/%d" % (other, file_of(other)),
                     "/my/dossiers/%d/tep/%d" % (own, file_of(other))):
            page = s.get(url + path, timeout=30)
            assert page.status_code == 404, path
        for path, data in (("/my/dossiers/%d/rut-ho-so" % other, {"reason": "x"}),
                           ("/my/dossiers/%d/bo-sung" % other, {})):
            page = s.post(url + path, data=dict(data, csrf_token=token), timeout=30)
            assert page.status_code == 404, path
        listing = s.get(url + "/my/dossiers", timeout=30).text
        assert "/my/dossiers/%d\"" % own in listing and "/my/dossiers/%d\"" % other not in listing
    for dossier_id in (mine, theirs):
        d = admin("hcc.dossier", "read", [dossier_id], ["withdrawal_requested_at"])[0]
        assert not d["withdrawal_requested_at"]


def test_forms_need_the_csrf_token(server, procedure):
    url, _db = server
    s = login(url, "citizen")
    page = s.post(url + "/thu-tuc/%d/nop-truc-tuyen" % procedure["id"],
                  data={"name": "x"}, timeout=30)
    assert page.status_code == 400
