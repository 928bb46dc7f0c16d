"""A dossier's day across the suite, through the real server: the counter
receives it over XML-RPC, the SMS addon queues the applicant's message and
the connector queues the National Portal push; access holds over RPC."""
import xmlrpc.client

import pytest
import requests


def test_login_page_is_served(server):
    url, _db = server
    page = requests.get(url + "/web/login", timeout=30)
    assert page.status_code == 200
    assert 'name="login"' in page.text


def _agency_code(rpc, procedure_xmlid):
    """The identifier code of the agency owning a demo procedure (codes start with it)."""
    admin = rpc("admin")
    proc_id = admin("ir.model.data", "xmlid_to_res_id", procedure_xmlid)
    agency = admin("hcc.procedure", "read", [proc_id], ["agency_id"])[0]["agency_id"][0]
    return admin("hcc.agency", "read", [agency], ["code"])[0]["code"]


def _new_dossier(reception, procedure_xmlid="hcc_one_stop.procedure_judicial_record", **vals):
    module, name = procedure_xmlid.split(".")
    proc_id = reception("ir.model.data", "xmlid_to_res_id", procedure_xmlid)
    assert proc_id, procedure_xmlid
    values = {"procedure_id": proc_id, "applicant_name": "Nguyễn Thị Thu Trang",
              "applicant_id_number": "015190012345", "applicant_phone": "+84 912 000 111"}
    values.update(vals)
    dossier_id = reception("hcc.dossier", "create", values)
    doc_ids = reception("hcc.dossier", "read", [dossier_id], ["document_ids"])[0]["document_ids"]
    reception("hcc.dossier.document", "write", doc_ids, {"received": True})
    return dossier_id


def test_receive_over_rpc_reaches_sms_and_portal_jobs(rpc):
    reception = rpc("reception")
    dossier_id = _new_dossier(reception)
    assert reception("hcc.dossier", "action_receive", [dossier_id]) is True
    d = reception("hcc.dossier", "read", [dossier_id],
                  ["name", "state", "due_at", "applicant_phone", "national_status"])[0]
    assert d["state"] == "received"
    assert d["name"].startswith(_agency_code(rpc, "hcc_one_stop.procedure_judicial_record") + "-")
    assert d["applicant_phone"] == "84912000111"
    assert d["national_status"] == 2
    assert d["due_at"]
    admin = rpc("admin")
    sms = admin("hcc.sms.message", "search_read", [("dossier_id", "=", dossier_id)],
                ["event", "phone", "state"])
    assert [(m["event"], m["phone"]) for m in sms] == [("received", "84912000111")]
    jobs = admin("hcc.job", "search_read", [("channel", "=", "portal"),
                                            ("model_name", "=", "hcc.dossier"),
                                            ("res_id", "=", dossier_id)], ["method_name"])
    assert "_job_portal_sync" in [j["method_name"] for j in jobs]


def test_bad_input_gets_a_clear_error_and_saves_nothing(rpc):
    reception = rpc("reception")
    before = reception("hcc.dossier", "search_count", [])
    with pytest.raises(xmlrpc.client.Fault) as err:
        _new_dossier(reception, applicant_id_number="12AB")
    assert "12" in err.value.faultString
    assert reception("hcc.dossier", "search_count", []) == before


def test_forbidden_transition_is_refused_over_rpc(rpc):
    reception = rpc("reception")
    dossier_id = _new_dossier(reception)
    with pytest.raises(xmlrpc.client.Fault) as err:
        reception("hcc.dossier", "action_finish", [dossier_id])
    # the reception officer reads Vietnamese: the states in her words
    assert "Không được thực hiện" in err.value.faultString
    assert "Mới đăng ký" in err.value.faultString
    state = reception("hcc.dossier", "read", [dossier_id], ["state"])[0]["state"]
    assert state == "draft"


def test_department_queues_over_rpc(rpc):
    """A dossier handed to the justice department is in the justice officer's
    queue and out of reach of the land office, and the other way round."""
    reception, officer, land = rpc("reception"), rpc("officer"), rpc("land")
    justice_id = _new_dossier(reception)
    land_id = _new_dossier(reception, "hcc_one_stop.procedure_land_transfer")
    for dossier_id in (justice_id, land_id):
        reception("hcc.dossier", "action_receive", [dossier_id])
        reception("hcc.dossier", "action_next_step", [dossier_id])
    assert justice_id in officer("hcc.dossier", "search", [])
    assert land_id not in officer("hcc.dossier", "search", [])
    assert land_id in land("hcc.dossier", "search", [])
    assert justice_id not in land("hcc.dossier", "search", [])
    with pytest.raises(xmlrpc.client.Fault) as err:
        officer("hcc.dossier", "read", [land_id], ["name"])
    assert "hcc.dossier" in err.value.faultString and "read" in err.value.faultString
    # the officer works his own dossier over RPC
    assert officer("hcc.dossier", "action_next_step", [justice_id]) is True


def test_receive_in_one_call(rpc):
    """The fast path integrations use: create and receive in one call."""
    reception = rpc("reception")
    proc_id = reception("ir.model.data", "xmlid_to_res_id", "hcc_one_stop.procedure_birth")
    vals = {"procedure_id": proc_id, "applicant_name": "Lò Văn Páo",
            "applicant_id_number": "015099001122", "applicant_phone": "0987654321", "channel": "2"}
    result = reception("hcc.dossier", "receive_new", vals)
    assert result["name"].startswith(_agency_code(rpc, "hcc_one_stop.procedure_birth") + "-")
    assert result["due_at"]
    d = reception("hcc.dossier", "read", [result["id"]], ["state", "name"])[0]
    assert (d["state"], d["name"]) == ("received", result["name"])
    # a mandatory paper missing: refused, and nothing is left behind
    before = reception("hcc.dossier", "search_count", [])
    with pytest.raises(xmlrpc.client.Fault):
        reception("hcc.dossier", "receive_new", vals, ["Giấy chứng sinh"])
    assert reception("hcc.dossier", "search_count", []) == before
