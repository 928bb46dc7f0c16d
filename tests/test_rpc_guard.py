"""What an outside client gets over XML-RPC and JSON-RPC, logged in as the
demo officials: workflow fields only through the actions, no clock from the
client, clear Vietnamese messages for bad input, never a Python traceback."""
import xmlrpc.client

import pytest
import requests


def _procedure(rpc):
    admin = rpc("admin")
    return admin("hcc.procedure", "search", [("step_ids", "!=", False)], limit=1)[0]


def _fault(call):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call()
    text = caught.value.faultString
    assert "Traceback" not in text and 'File "' not in text, text[:500]
    return text


def _new(rpc, login="reception", **extra):
    vals = {"procedure_id": _procedure(rpc), "applicant_name": "Trần Thị Mai",
            "applicant_id_number": "015190004321", "applicant_phone": "0987 654 321"}
    vals.update(extra)
    return rpc(login)("hcc.dossier", "receive_new", vals)


def test_workflow_fields_only_through_actions(rpc):
    got = _new(rpc)
    for login in ("reception", "manager", "head"):
        user = rpc(login)
        for vals in ({"state": "returned"}, {"due_at": "2030-01-01 00:00:00"},
                     {"name": "FORGED-0001"}, {"completion": "early"}):
            text = _fault(lambda: user("hcc.dossier", "write", [got["id"]], vals))
            assert "thao tác" in text or "hạn chế" in text, text   # Vietnamese, either reason
    admin = rpc("admin")
    row = admin("hcc.dossier", "read", [got["id"]], ["state", "due_at", "name", "log_ids"])[0]
    assert (row["due_at"], row["name"]) == (got["due_at"], got["name"])
    assert len(row["log_ids"]) == 1


def test_client_clock_is_ignored(rpc):
    reception = rpc("reception")
    vals = {"procedure_id": _procedure(rpc), "applicant_name": "Lò Văn Sơn",
            "applicant_id_number": "015190004322"}
    got = reception.models.execute_kw(
        reception.db, reception.uid, reception.password, "hcc.dossier", "receive_new", [vals],
        {"context": {"hcc_now": "2020-01-01 00:00:00", "hcc_clock": "2020-01-01 00:00:00"}})
    row = rpc("admin")("hcc.dossier", "read", [got["id"]], ["received_at"])[0]
    assert row["received_at"] > "2026-01-01", row


def test_bad_input_answers_in_vietnamese_and_saves_nothing(rpc):
    admin = rpc("admin")
    before = admin("hcc.dossier", "search_count", [])
    bad = [{"applicant_name": "A" * 100000}, {"channel": "9"}, {"procedure_id": "abc"},
           {"procedure_id": 2 ** 31 - 1}, {"procedure_id": -5}, {"applicant_name": ["x"]}, {"counter_id": "counter"},
           {"received_at": "yesterday"}, {"no_such_field": 1}]
    for extra in bad:
        text = _fault(lambda: _new(rpc, **extra))
        assert any(w in text for w in ("phải", "tối đa", "không", "bắt buộc")), (extra, text)
    assert admin("hcc.dossier", "search_count", []) == before


def test_json_rpc_errors_have_no_traceback(server):
    url, db = server
    s = requests.Session()
    auth = s.post(url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": db, "login": "reception", "password": "reception"}}, timeout=30)
    assert auth.json().get("result", {}).get("uid"), auth.text[:300]
    for kwargs in ({"model": "hcc.dossier", "method": "write",
                    "args": [[1], {"state": "returned"}], "kwargs": {}},
                   {"model": "hcc.dossier", "method": "create",
                    "args": [{"applicant_name": "x" * 300}], "kwargs": {}}):
        r = s.post(url + "/web/dataset/call_kw", json={"jsonrpc": "2.0", "method": "call",
                                                       "params": kwargs}, timeout=30)
        error = r.json()["error"]
        assert error["data"]["debug"] == "", error["data"]["debug"][:300]
        assert error["data"]["message"], error
        assert "Traceback" not in r.text
