"""The citizen website in a real browser (Debian Chromium through
selenium), on a 390 px phone screen: home -> catalogue -> procedure ->
online filing with uploads -> the receiving officer opens it in the backend
and receives it -> the citizen sees it received; the supplement upload; the
lookup from the home page. Saves the README's screenshots."""
import os
import re
from urllib.parse import quote

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from conftest import browser_login
from test_website_filing import PDF, PNG, procedure  # noqa: F401 (fixture)

ROOT = os.environ.get("HCC_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.path.join(ROOT, "docs", "screenshots")
PHONE = (390, 844)


def _wait_text(driver, text, timeout=30):
    WebDriverWait(driver, timeout).until(
        ec.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def _shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    assert driver.save_screenshot(os.path.join(SHOTS, name))


def _fits(driver):
    """Nothing wider than the phone: no sideways scrolling."""
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    assert width <= inner + 1, "page is %d px wide on a %d px screen" % (width, inner)


def _second_browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from conftest import _chrome_options
    opts = _chrome_options()
    opts.add_argument("--user-data-dir=%s" % (tmp_path / "chromium-officer"))
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(60)
    return driver


def _files(tmp_path):
    pdf, png = tmp_path / "to-khai.pdf", tmp_path / "uy-quyen.png"
    pdf.write_bytes(PDF)
    png.write_bytes(PNG)
    return str(pdf), str(png)


def test_citizen_files_online_and_the_desk_receives_it(server, rpc, browser, procedure,
                                                       tmp_path):
    url, _db = server
    admin, reception = rpc("admin"), rpc("reception")
    pdf, png = _files(tmp_path)
    browser.set_window_size(*PHONE)

    # home page on a phone: search for the procedure without diacritics
    browser.get(url + "/")
    _wait_text(browser, "Thủ tục được sử dụng nhiều")
    _fits(browser)
    _shot(browser, "website-home.png")
    box = browser.find_element(By.ID, "hcc_home_q")
    box.send_keys("trich luc ho tich truc tuyen")
    box.submit()
    _wait_text(browser, "Cấp bản sao trích lục hộ tịch trực tuyến")
    _fits(browser)
    _shot(browser, "catalogue.png")
    browser.find_element(By.CSS_SELECTOR, "a[href='/thu-tuc/%d']" % procedure["id"]).click()
    _wait_text(browser, "Thành phần hồ sơ")
    _fits(browser)

    # filing needs an account: log in, then the form
    browser.find_element(By.CSS_SELECTOR, "a.o_hcc_file_online").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "form.oe_login_form")))
    browser.find_element(By.CSS_SELECTOR, "form.oe_login_form input[name=login]").send_keys("citizen")
    browser.find_element(By.CSS_SELECTOR, "form.oe_login_form input[name=password]").send_keys(
        "citizen")
    browser.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    _wait_text(browser, "Nộp hồ sơ trực tuyến:")
    f1, f2, f3 = procedure["field_ids"]
    form = browser.find_element(By.CSS_SELECTOR, "form.o_hcc_filing_form")
    for name, value in (("name", "Lê Thị Trình Duyệt"), ("id_number", "015090004322"),
                        ("f_%d" % f1, "08/2019")):
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    # a date input takes the digits in the browser's locale order: set it
    browser.execute_script("arguments[0].value = '2019-08-20'",
                           form.find_element(By.NAME, "f_%d" % f2))
    form.find_element(By.NAME, "doc_%d" % procedure["document_ids"][0]).send_keys(pdf)
    form.find_element(By.NAME, "doc_%d" % procedure["document_ids"][1]).send_keys(png)
    _fits(browser)
    _shot(browser, "filing.png")
    form.find_element(By.CSS_SELECTOR, "button.o_hcc_submit").click()
    try:
        _wait_text(browser, "Hồ sơ đã được nộp trực tuyến")
    except Exception:
        raise AssertionError("not filed: %s" % browser.find_element(By.TAG_NAME, "body").text[:1500])
    code = browser.find_element(By.CSS_SELECTOR, ".o_hcc_code").text
    dossier_id = int(re.search(r"/my/dossiers/(\d+)", browser.current_url).group(1))
    assert admin("hcc.dossier", "read", [dossier_id], ["name"])[0]["name"] == code

    # the receiving officer, at his own computer, opens it in the backend:
    # the banner tells him to check it; he receives it with the form's button
    officer = _second_browser(tmp_path)
    try:
        officer.set_window_size(1366, 900)
        browser_login(officer, url, "reception",
                      redirect=quote("/web#model=hcc.dossier&view_type=form&id=%d" % dossier_id,
                                     safe=""))
        _wait_text(officer, "Hồ sơ nộp trực tuyến", timeout=60)
        _wait_text(officer, code)
        # the counter's button: receive, and the slip opens to print
        [button] = [b for b in officer.find_elements(By.CSS_SELECTOR, "button.o_hcc_receive_print")
                    if b.is_displayed()]
        button.click()
        WebDriverWait(officer, 60).until(
            lambda d: admin("hcc.dossier", "read", [dossier_id], ["state"])[0]["state"]
            == "received")
    finally:
        officer.quit()

    # the citizen (still logged in on his phone) sees it received
    browser.get(url + "/my/dossiers/%d" % dossier_id)
    _wait_text(browser, "Đã tiếp nhận")
    _fits(browser)

    # supplement: asked at the desk, uploaded from the phone
    lines = admin("hcc.dossier.document", "search_read", [("dossier_id", "=", dossier_id)],
                  ["name"])
    proxy = [l["id"] for l in lines if l["name"] == "Giấy ủy quyền"]
    reception("hcc.dossier", "action_request_supplement", [dossier_id], "Giấy ủy quyền mờ", proxy)
    browser.get(url + "/my/dossiers/%d" % dossier_id)
    _wait_text(browser, "Yêu cầu bổ sung hồ sơ")
    upload = browser.find_element(By.NAME, "doc_%d" % proxy[0])
    upload.send_keys(png)
    browser.execute_script("arguments[0].scrollIntoView()",
                           browser.find_element(By.CSS_SELECTOR, ".o_hcc_supplement"))
    _shot(browser, "my-dossier.png")
    browser.find_element(By.CSS_SELECTOR, "button.o_hcc_send_supplement").click()
    _wait_text(browser, "Đã gửi tệp")
    d = admin("hcc.dossier", "read", [dossier_id], ["state", "online_supplement_at"])[0]
    assert d["state"] == "supplement" and d["online_supplement_at"]


def test_lookup_from_the_home_page(server, rpc, browser):
    url, _db = server
    admin = rpc("admin")
    admin("hcc.lookup.attempt", "unlink", admin("hcc.lookup.attempt", "search", []))
    d = admin("hcc.dossier", "search_read", [("state", "=", "returned"),
                                             ("applicant_phone", "!=", False)],
              ["name", "applicant_phone"], limit=1)[0]
    browser.set_window_size(*PHONE)
    browser.get(url + "/")
    browser.find_element(By.ID, "hcc_home_code").send_keys(d["name"])
    factor = browser.find_element(By.CSS_SELECTOR, ".o_hcc_lookup_box input[name=factor]")
    factor.send_keys(d["applicant_phone"][-4:])
    factor.submit()
    _wait_text(browser, "Đã trả kết quả")
    assert d["name"] in browser.find_element(By.TAG_NAME, "body").text
    _fits(browser)
