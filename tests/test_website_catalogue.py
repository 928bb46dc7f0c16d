"""The centre's website over real HTTP: a home page without Odoo's
placeholders, with search, lookup, most used procedures, address, hours and
hotline; the catalogue searched with and without diacritics and filtered;
each procedure's page with what a citizen needs before he comes."""
import re

import pytest
import requests

PLACEHOLDERS = ("Your logo", "YourCompany", "Your Company", "free website", "Create a",
                "yourcompany.example.com", "Đăng kí", "Subtitle", "We are a team",
                "Sản phẩm & Dịch vụ", "Chúng tôi là một nhóm", "Website localhost")


def _ref(admin, xmlid):
    return admin("ir.model.data", "xmlid_to_res_id", xmlid)


@pytest.fixture(scope="module")
def admin(rpc):
    return rpc("admin")


def test_home_page_is_the_centre(server, admin):
    url, _db = server
    page = requests.get(url + "/", timeout=30)
    assert page.status_code == 200
    text = page.text
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text, placeholder
    assert 'action="/thu-tuc"' in text and 'name="q"' in text          # procedure search
    assert 'action="/tra-cuu-ho-so"' in text and 'name="factor"' in text  # lookup
    assert "Thủ tục được sử dụng nhiều" in text                        # most used
    assert "Giờ làm việc" in text and "07:30–11:30" in text
    assert "Đường dây nóng" in text
    # Vietnamese sign-in and sign-up links, and sign-up works
    assert re.search(r'href="/web/login"[^>]*>\s*<b>Đăng nhập</b>', text)
    assert re.search(r'href="/web/signup"[^>]*>\s*<b>Tạo tài khoản</b>', text)
    assert requests.get(url + "/web/signup", timeout=30).status_code == 200
    # the menus lead to the citizen's pages
    for href in ("/thu-tuc", "/tra-cuu-ho-so", "/my/dossiers"):
        assert 'href="%s"' % href in text
    popular = [a for a in re.findall(r'<a [^>]*>', text)
               if 'o_hcc_card' in a and re.search(r'href="/thu-tuc/\d+"', a)]
    assert popular, "no procedure listed on the home page"


def test_no_placeholder_on_the_citizen_pages(server, admin):
    url, _db = server
    birth = _ref(admin, "hcc_one_stop.procedure_birth")
    for path in ("/thu-tuc", "/thu-tuc/%d" % birth, "/tra-cuu-ho-so", "/web/login",
                 "/thu-tuc/999999999"):
        text = requests.get(url + path, timeout=30).text
        for placeholder in PLACEHOLDERS:
            assert placeholder not in text, (path, placeholder)


def test_home_page_is_editable_with_the_website_editor(server, admin):
    """Staff edit it with Odoo's editor: it is the website's home page
    (website.homepage), rendered with the editor's branding for them."""
    url, _db = server
    homepage = admin("website", "search_read", [], ["homepage_id"], limit=1)[0]["homepage_id"]
    page = admin("website.page", "read", [homepage[0]], ["url", "view_id"])[0]
    assert page["url"] == "/"
    s = requests.Session()
    form = s.get(url + "/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    s.post(url + "/web/login", data={"login": "admin", "password": "admin", "csrf_token": token},
           timeout=30)
    text = s.get(url + "/", timeout=30).text
    assert 'data-oe-model="ir.ui.view"' in text and "oe_structure" in text


@pytest.mark.parametrize("words", ["khai sinh", "KHAI SINH", "Đăng ký khai sinh",
                                   "dang ky khai sinh", "1.001193"])
def test_catalogue_search_with_or_without_diacritics(server, words):
    url, _db = server
    text = requests.get(url + "/thu-tuc", params={"q": words}, timeout=30).text
    assert "Đăng ký khai sinh" in text, words
    assert "Đăng ký kết hôn" not in text, words


def test_catalogue_filters(server, admin):
    url, _db = server
    sector = _ref(admin, "hcc_one_stop.sector_civil")
    agency = _ref(admin, "hcc_one_stop.agency_commune")
    all_text = requests.get(url + "/thu-tuc", timeout=30).text
    total = int(re.search(r'(\d+) thủ tục', all_text).group(1))
    counts = {}
    for name, params in (("sector", {"sector": sector}), ("agency", {"agency": agency}),
                         ("level", {"level": "commune"}), ("online", {"online": "full"}),
                         ("none", {"q": "khong co thu tuc nao nhu the nay"})):
        text = requests.get(url + "/thu-tuc", params=params, timeout=30).text
        counts[name] = int(re.search(r'(\d+) thủ tục', text).group(1))
    expected = {
        "sector": admin("hcc.procedure", "search_count", [("sector_id", "=", sector),
                                                          ("website_published", "=", True)]),
        "agency": admin("hcc.procedure", "search_count", [("agency_id", "=", agency),
                                                          ("website_published", "=", True)]),
        "level": admin("hcc.procedure", "search_count", [("level", "=", "commune"),
                                                         ("website_published", "=", True)]),
        "online": admin("hcc.procedure", "search_count", [("online_level", "=", "full"),
                                                          ("website_published", "=", True)]),
        "none": 0,
    }
    assert counts == expected
    assert 0 < counts["sector"] < total


def test_procedure_page_tells_everything_before_coming(server, admin):
    url, _db = server
    birth = _ref(admin, "hcc_one_stop.procedure_birth")
    proc = admin("hcc.procedure", "read", [birth], ["name", "document_ids", "step_ids",
                                                    "legal_basis", "agency_id"])[0]
    text = requests.get(url + "/thu-tuc/%d" % birth, timeout=30).text
    assert proc["name"] in text
    for doc in admin("hcc.procedure.document", "read", proc["document_ids"], ["name"]):
        assert doc["name"] in text
    for step in admin("hcc.procedure.step", "read", proc["step_ids"], ["name"]):
        assert step["name"] in text
    assert "Luật Hộ tịch" in text                      # legal basis
    assert "Thời gian giải quyết" in text and "lệ phí" in text.lower() and "Nơi nộp hồ sơ" in text
    assert proc["agency_id"][1] in text
    assert "/thu-tuc/%d/nop-truc-tuyen" % birth in text and "Nộp hồ sơ trực tuyến" in text


def test_unpublished_or_not_online_procedures(server, admin, rpc):
    url, _db = server
    # certified copies are done at the counter only (online level "none")
    procedure = _ref(admin, "hcc_one_stop.procedure_certify_copy")
    assert admin("hcc.procedure", "read", [procedure], ["online_level"])[0]["online_level"] == "none"
    text = requests.get(url + "/thu-tuc/%d" % procedure, timeout=30).text
    assert "Chứng thực" in text and "nop-truc-tuyen" not in text
    it = rpc("it")   # IT staff publish and unpublish procedures
    it("hcc.procedure", "write", [procedure], {"website_published": False})
    try:
        page = requests.get(url + "/thu-tuc/%d" % procedure, timeout=30)
        assert page.status_code == 404 and "Không tìm thấy" in page.text
        listing = requests.get(url + "/thu-tuc", params={"q": "chung thuc"}, timeout=30).text
        assert 'href="/thu-tuc/%d"' % procedure not in listing
    finally:
        it("hcc.procedure", "write", [procedure], {"website_published": True})
