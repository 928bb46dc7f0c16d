"""The counter tablet and the rating link in a real browser (Debian
Chromium through selenium): what a citizen sees and touches, in Vietnamese.
The tablet test saves the README's screenshot (1024 px landscape tablet)."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from conftest import browser_login
from test_rating_http import PROCEDURE, _ratings, _ref, returned_dossier

SCREENSHOT = os.path.join("docs", "screenshots", "rating-kiosk.png")


def _wait_text(driver, text, timeout=30):
    WebDriverWait(driver, timeout).until(ec.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def test_counter_tablet_in_a_browser(server, rpc, browser):
    url, _db = server
    admin = rpc("admin")
    counter_id = _ref(admin, "hcc_one_stop.counter_1")
    it = rpc("it")
    it("hcc.counter", "action_rating_device_new", [counter_id])
    address = it("hcc.counter", "read", [counter_id], ["rating_kiosk_url"])[0]["rating_kiosk_url"]
    address = url + address[address.index("/danh-gia/quay/"):]
    dossier = rpc("reception")("hcc.dossier", "receive_new", {
        "procedure_id": _ref(admin, PROCEDURE), "applicant_name": "Hà Thị Máy",
        "applicant_id_number": "015090007790", "applicant_phone": "0912 000 780"})
    dossier_id = dossier["id"] if isinstance(dossier, dict) else dossier
    code = admin("hcc.dossier", "read", [dossier_id], ["name"])[0]["name"]
    official = admin("res.users", "read", [_ref(admin, "hcc_one_stop.user_reception")], ["name"])[0]

    browser.set_window_size(1024, 768)
    browser.get(address)
    _wait_text(browser, code)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert official["name"] in body
    assert "Cán bộ đang phục vụ" in body and "Rất hài lòng" in body
    buttons = browser.find_elements(By.CSS_SELECTOR, "button.o_hcc_rating_level")
    assert [b.text for b in buttons] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    # big enough for a finger
    assert all(b.size["height"] >= 100 and b.size["width"] >= 200 for b in buttons)
    root = os.environ.get("HCC_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, SCREENSHOT)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    assert browser.save_screenshot(path)

    browser.find_element(By.CSS_SELECTOR, "label.o_hcc_rating_choice.o_hcc_level_3").click()
    browser.find_element(By.ID, "o_hcc_rating_comment").send_keys("Hướng dẫn tận tình")
    buttons[0].click()
    _wait_text(browser, "Cảm ơn ông/bà đã đánh giá")
    [rating] = _ratings(admin, dossier_id)
    assert (rating["level"], rating["channel"], rating["comment"]) == ("3", "counter", "Hướng dẫn tận tình")
    # the tablet goes back to waiting: the same visit is not offered again
    browser.get(address)
    _wait_text(browser, "Kính chào")
    assert not browser.find_elements(By.CSS_SELECTOR, "button.o_hcc_rating_level")


def test_rating_link_and_my_dossiers_in_a_browser(server, rpc, browser):
    url, _db = server
    admin = rpc("admin")
    # a link from an SMS, opened without an account
    other_id, link = returned_dossier(rpc)
    browser.get(url + "/danh-gia/" + link["token"])
    _wait_text(browser, "Đánh giá việc giải quyết hồ sơ")
    browser.find_element(By.XPATH, "//button[normalize-space()='Không hài lòng']").click()
    _wait_text(browser, "đã được ghi nhận")
    assert [r["level"] for r in _ratings(admin, other_id)] == ["1"]
    browser.get(url + "/danh-gia/" + link["token"])
    _wait_text(browser, "đã được đánh giá")

    # the citizen's own returned dossier, rated from My dossiers
    citizen = admin("res.users", "read", [_ref(admin, "hcc_one_stop.user_citizen")],
                    ["commercial_partner_id"])[0]
    mine, _link = returned_dossier(rpc, citizen["commercial_partner_id"][0])
    browser.delete_all_cookies()
    browser_login(browser, url, "citizen", redirect="/my/dossiers")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "a[href='/my/dossiers/%d/danh-gia']" % mine)))
    browser.find_element(By.CSS_SELECTOR, "a[href='/my/dossiers/%d/danh-gia']" % mine).click()
    _wait_text(browser, "Đánh giá việc giải quyết hồ sơ")
    browser.find_element(By.ID, "o_hcc_rating_comment").send_keys("Đúng hẹn")
    browser.find_element(By.XPATH, "//button[normalize-space()='Hài lòng']").click()
    _wait_text(browser, "đã được ghi nhận")
    [rating] = _ratings(admin, mine)
    assert (rating["level"], rating["channel"], rating["comment"]) == ("2", "portal", "Đúng hẹn")
