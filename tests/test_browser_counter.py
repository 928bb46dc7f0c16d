"""The counter and the back office in a real browser (Debian Chromium driven
by selenium) against the test server: receiving with its slip, the queue's
hand-over to the outside agency, the supplement request and the managers'
dashboard, as the demo officials use them."""
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import browser_login

JUDICIAL = "Cấp Phiếu lý lịch tư pháp"


def wait(driver, condition, timeout=40):
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition)


def css(driver, selector, timeout=40):
    return wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, selector)), timeout)


def click(driver, selector, timeout=40):
    element = wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, selector)), timeout)
    element.click()
    return element


def web_ready(driver):
    css(driver, ".o_web_client .o_control_panel")
    # the action manager is idle once no blocking overlay is left
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".o_loading:not([style*='none'])"))


def open_dossier(driver, url, dossier_id):
    driver.get("%s/web#id=%d&model=hcc.dossier&view_type=form" % (url, dossier_id))
    css(driver, ".o_form_view .o_form_statusbar")


def new_tab_url(driver, handles_before, timeout=40):
    wait(driver, lambda d: len(d.window_handles) > len(handles_before), timeout)
    main = driver.current_window_handle
    tab = [h for h in driver.window_handles if h not in handles_before][0]
    driver.switch_to.window(tab)
    wait(driver, lambda d: d.current_url not in ("", "about:blank"), timeout)
    url = driver.current_url
    driver.close()
    driver.switch_to.window(main)
    return url


def received_dossier(rpc, procedure_name=JUDICIAL, phone="0912 000 111"):
    desk = rpc("reception")
    proc = desk("hcc.procedure", "search", [("name", "ilike", procedure_name)], limit=1)[0]
    result = desk("hcc.dossier", "receive_new", {
        "procedure_id": proc, "applicant_name": "Đỗ Thị Mai",
        "applicant_id_number": "015190004321", "applicant_phone": phone})
    return desk, result


def test_receiving_a_dossier_and_printing_its_slip(server, rpc, browser):
    url, _db = server
    browser_login(browser, url, "reception")
    web_ready(browser)
    # the receiving officer lands at the counter, not in Discuss
    css(browser, ".o_list_view, .o_kanban_view")
    counter_action = rpc("reception")("ir.model.data", "xmlid_to_res_id",
                                      "hcc_one_stop.hcc_dossier_action_reception")
    wait(browser, lambda d: "action=%d" % counter_action in d.current_url)
    clicks = 0
    click(browser, ".o_list_button_add, .o-kanban-button-new"); clicks += 1
    proc = css(browser, ".o_field_widget[name=procedure_id] input")
    proc.send_keys("khai sinh")
    click(browser, "ul.ui-autocomplete li a"); clicks += 1
    # the checklist is there before any save, and one toggle receives it all
    wait(browser, lambda d: len(d.find_elements(
        By.CSS_SELECTOR, ".o_field_widget[name=document_ids] tr.o_data_row")) >= 2)
    css(browser, ".o_field_widget[name=applicant_name]").send_keys("Vũ Minh Khang")
    id_input = css(browser, ".o_field_widget[name=applicant_id_number]")
    assert "o_required_modifier" in id_input.get_attribute("class")
    id_input.send_keys("015099007777")
    css(browser, ".o_field_widget[name=applicant_phone]").send_keys("0912 777 888")
    click(browser, ".o_field_widget[name=documents_all_received] label, "
                   ".o_field_widget[name=documents_all_received] input"); clicks += 1
    wait(browser, lambda d: all(
        box.is_selected() for box in d.find_elements(
            By.CSS_SELECTOR, ".o_field_widget[name=document_ids] td input[type=checkbox]")))
    handles = list(browser.window_handles)
    click(browser, "button.o_hcc_receive_print"); clicks += 1
    pdf_url = new_tab_url(browser, handles)
    assert "/report/pdf/hcc_one_stop.report_hcc_receipt/" in pdf_url
    assert clicks <= 6
    # the form is back in read mode, received, with the counter of the officer
    css(browser, ".o_form_view.o_form_readonly")
    dossier_id = int(pdf_url.rstrip("/").rsplit("/", 1)[1])
    desk = rpc("reception")
    row = desk("hcc.dossier", "read", [dossier_id], ["state", "counter_id", "applicant_phone"])[0]
    assert row["state"] == "received"
    assert row["counter_id"] and row["applicant_phone"] == "84912777888"
    # the phone shows as people write it
    assert "0912 777 888" in browser.find_element(
        By.CSS_SELECTOR, ".o_field_widget[name=applicant_phone]").text


def test_scanner_in_the_search_box_opens_the_dossier(server, rpc, browser):
    url, _db = server
    _desk, result = received_dossier(rpc, "khai sinh")
    browser_login(browser, url, "reception")
    web_ready(browser)
    box = css(browser, ".o_searchview_input")
    box.send_keys(result["name"] + Keys.ENTER)
    css(browser, ".o_form_view")
    wait(browser, lambda d: result["name"] in d.find_element(
        By.CSS_SELECTOR, ".o_form_view .oe_title").text)


def test_queue_hand_over_to_the_outside_agency(server, rpc, browser):
    url, _db = server
    desk, result = received_dossier(rpc)
    desk("hcc.dossier", "action_next_step", [result["id"]])  # to the Department of Justice
    browser_login(browser, url, "officer")
    web_ready(browser)
    open_dossier(browser, url, result["id"])
    click(browser, "button.o_hcc_hand_over")
    dialog = css(browser, ".modal .o_form_view")
    assert "Công an" in dialog.text  # says where the dossier goes before it goes
    css(browser, ".modal .o_field_widget[name=note]").send_keys("Đề nghị tra cứu gấp")
    click(browser, ".modal button.o_hcc_confirm")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".modal .o_form_view"))
    officer = rpc("officer")
    row = officer("hcc.dossier", "read", [result["id"]],
                  ["state", "queue_department_id", "external_agency_id"])[0]
    assert row["state"] == "external" and row["external_agency_id"]
    assert row["queue_department_id"]
    # still in the sending department's queue, saying whom it waits for
    browser.get(url + "/web")
    web_ready(browser)
    wait(browser, lambda d: any(result["name"] in card.text and "Chờ cơ quan phối hợp" in card.text
                                for card in d.find_elements(By.CSS_SELECTOR, ".o_kanban_record")))


def test_supplement_request_from_the_checklist(server, rpc, browser):
    url, _db = server
    desk, result = received_dossier(rpc, "khai sinh")
    browser_login(browser, url, "reception")
    web_ready(browser)
    open_dossier(browser, url, result["id"])
    click(browser, "button.o_hcc_request_supplement")
    box = css(browser, ".modal .o_field_widget[name=document_ids] input[type=checkbox]")
    browser.execute_script("arguments[0].click();", box)
    handles = list(browser.window_handles)
    click(browser, ".modal button.o_hcc_confirm")
    pdf_url = new_tab_url(browser, handles)
    assert "/report/pdf/hcc_one_stop.report_hcc_supplement/%d" % result["id"] in pdf_url
    row = desk("hcc.dossier", "read", [result["id"]], ["state", "supplement_document_ids"])[0]
    assert row["state"] == "supplement" and len(row["supplement_document_ids"]) == 1


def test_dashboard_shows_the_departments_one_acts_on(server, rpc, browser):
    url, _db = server
    browser_login(browser, url, "head")
    web_ready(browser)
    head = rpc("head")
    mine = head("res.users", "read", [head.uid], ["hcc_department_ids"])[0]["hcc_department_ids"]
    action = head("hr.department", "action_hcc_dashboard")
    assert ("id", "in", mine) in [tuple(x) if isinstance(x, list) else x for x in action["domain"]]
    menu = head("ir.model.data", "xmlid_to_res_id", "hcc_one_stop.menu_hcc_dashboard")
    browser.get("%s/web#menu_id=%d" % (url, menu))
    css(browser, ".o_kanban_view .o_kanban_record")
    time.sleep(0.5)
    cards = [c for c in browser.find_elements(By.CSS_SELECTOR, ".o_kanban_view .o_kanban_record")
             if c.text.strip()]
    assert len(cards) == head("hr.department", "search_count", action["domain"])
    assert len(cards) <= len(mine)
    text = " ".join(c.text for c in cards)
    assert "Đang giải quyết" in text or "Không có hồ sơ đang giải quyết" in text
    assert ",00" not in text
