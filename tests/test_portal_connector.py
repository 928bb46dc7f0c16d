"""The National Portal connector over XML-RPC against the real server: IT
staff configure it (nobody else may), a dossier received at the counter
reaches a fake portal (started here on 127.0.0.1, our WSDL, every request
schema-validated) through the job mechanism, the manager resyncs it over
RPC without doubling anything, and the exchange log shows each role what
it may see."""
import importlib.util
import os
import xmlrpc.client

import pytest

HCC_ROOT = os.environ.get("HCC_ROOT", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("fake_portal", os.path.join(
    HCC_ROOT, "hcc_national_portal_connector", "tests", "fake_portal.py"))
fake_portal = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fake_portal)

UNIT = "000.00.15.H64"


@pytest.fixture
def portal(rpc):
    fake = fake_portal.FakePortal(madonvi=UNIT)
    it = rpc("it")
    settings = it("hcc.portal.settings", "create", {
        "transport": "soap", "endpoint": fake.url, "username": "hcc-connector",
        "password": "s3cret", "madonvi": UNIT, "timeout": 10})
    it("hcc.portal.settings", "action_save", [settings])
    yield fake
    # leave the server unconfigured: its job runner must not keep calling
    settings = it("hcc.portal.settings", "create", {"endpoint": "", "password": ""})
    it("hcc.portal.settings", "action_save", [settings])
    fake.stop()


def _receive(reception):
    procedure = reception("ir.model.data", "xmlid_to_res_id",
                          "hcc_one_stop.procedure_judicial_record")
    return reception("hcc.dossier", "receive_new", {
        "procedure_id": procedure, "applicant_name": "Phạm Văn Cường",
        "applicant_id_number": "015090007654", "applicant_phone": "0912000222"})["id"]


def _run_portal_jobs(admin, dossier_id):
    ids = admin("hcc.job", "search", [("channel", "=", "portal"), ("model_name", "=", "hcc.dossier"),
                                      ("res_id", "=", dossier_id), ("state", "=", "pending")])
    assert admin("hcc.job", "action_run_now", ids) is True
    return ids


def test_settings_are_for_it_staff_only(rpc, portal):
    for login in ("reception", "manager", "supervisor"):
        with pytest.raises(xmlrpc.client.Fault):
            rpc(login)("hcc.portal.settings", "create", {"endpoint": "http://127.0.0.1:9/"})
    it = rpc("it")
    form = it("hcc.portal.settings", "create", {})
    it("hcc.portal.settings", "action_test_connection", [form])
    result = it("hcc.portal.settings", "read", [form], ["test_result", "endpoint"])[0]
    assert result["endpoint"] == portal.url
    assert "Connected" in result["test_result"] or "Đã kết nối" in result["test_result"]


def test_dossier_reaches_the_portal_once_and_resync_doubles_nothing(rpc, portal):
    reception, admin, manager = rpc("reception"), rpc("admin"), rpc("manager")
    dossier_id = _receive(reception)
    jobs = _run_portal_jobs(admin, dossier_id)
    assert len(jobs) == 1
    name = reception("hcc.dossier", "read", [dossier_id], ["name"])[0]["name"]
    assert portal.dossier_creates[name] == 1
    assert len(portal.progress[name]) == 1
    state = manager("hcc.dossier", "read", [dossier_id],
                    ["portal_sync_state", "portal_last_code"])[0]
    assert (state["portal_sync_state"], state["portal_last_code"]) == ("synced", "0")
    # the manager resyncs: looked up on the portal, nothing sent twice
    assert manager("hcc.dossier", "action_portal_resync", [dossier_id]) is True
    with pytest.raises(xmlrpc.client.Fault):
        reception("hcc.dossier", "action_portal_resync", [dossier_id])
    _run_portal_jobs(admin, dossier_id)
    assert portal.dossier_creates[name] == 1
    assert len(portal.progress[name]) == 1
    assert portal.calls["TraCuuHoSo"] == 1
    assert portal.invalid == []
    # the exchange log: the manager sees the dossier's calls, IT staff do not
    rows = manager("hcc.portal.exchange", "search_read", [("dossier_id", "=", dossier_id)],
                   ["operation", "outcome", "request_hash"])
    assert {r["operation"] for r in rows} >= {"DongBoHoSoMC", "CapNhatTienDoHoSoMC", "TraCuuHoSo"}
    assert all(r["outcome"] == "ok" and len(r["request_hash"]) == 64 for r in rows)
    assert rpc("it")("hcc.portal.exchange", "search", [("dossier_id", "=", dossier_id)]) == []
    with pytest.raises(xmlrpc.client.Fault):
        reception("hcc.portal.exchange", "search", [])
