"""SMS delivery reports over real HTTP into the real server: a dossier
received over XML-RPC by the receiving officer, its SMS sent by the job to a
fake JSON gateway started here, the gateway's signed callback POSTed to
/hcc_sms/delivery/<gateway>; then the refusals (4xx, never 500)."""
import json
import urllib.error
import urllib.request
import uuid

import pytest

from fakes import FakeJsonSmsGateway

SECRET = "cb-%s" % uuid.uuid4().hex[:8]


@pytest.fixture
def gateway(rpc):
    admin = rpc("admin")
    # quiet hours would hold the SMS back when the suite runs at night
    quiet = admin("ir.config_parameter", "get_param", "hcc_sms.quiet_hours")
    admin("ir.config_parameter", "set_param", "hcc_sms.quiet_hours", "off")
    fake = FakeJsonSmsGateway()
    gateway_id = admin("hcc.sms.gateway", "create", {
        "name": "Callback test", "provider": "json_http", "url": fake.url,
        "api_key": "KEY", "secret": "SECRET", "brandname": "HCC-TINH",
        "callback_secret": SECRET, "timeout": 2, "priority": -1000})
    yield fake, gateway_id
    admin("hcc.sms.gateway", "write", [gateway_id], {"active": False})
    admin("ir.config_parameter", "set_param", "hcc_sms.quiet_hours", quiet or "21:00-07:00")
    fake.stop()


def _post(url, body, headers=None):
    request = urllib.request.Request(url, data=body, headers=dict(
        {"Content-Type": "application/json"}, **(headers or {})), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _sent_message(rpc, fake):
    """Receive a dossier as the receiving officer; send its SMS now."""
    reception, admin = rpc("reception"), rpc("admin")
    proc_id = reception("ir.model.data", "xmlid_to_res_id", "hcc_one_stop.procedure_birth")
    result = reception("hcc.dossier", "receive_new", {
        "procedure_id": proc_id, "applicant_name": "Hà Thị Mai",
        "applicant_id_number": "015099%06d" % (uuid.uuid4().int % 10 ** 6),
        "applicant_phone": "0945 111 222", "channel": "2"})
    [message] = admin("hcc.sms.message", "search_read", [("dossier_id", "=", result["id"])],
                      ["job_id", "state", "dedup_key"])
    assert message["state"] in ("queued", "sent")
    # the manager's "run now" on the job, instead of waiting for the cron
    assert admin("hcc.job", "action_run_now", [message["job_id"][0]]) is True
    [message] = admin("hcc.sms.message", "read", [message["id"]],
                      ["state", "provider_ref", "dedup_key", "gateway_id"])
    assert message["state"] == "sent", message
    sent = [r for r in fake.accepted.values() if r["RequestId"] == message["dedup_key"]]
    assert len(sent) == 1
    return message


def test_delivery_callback_over_http(server, rpc, gateway):
    url, _db = server
    fake, gateway_id = gateway
    admin = rpc("admin")
    message = _sent_message(rpc, fake)
    assert message["gateway_id"][0] == gateway_id
    callback = "%s/hcc_sms/delivery/%d" % (url, gateway_id)
    status, body = fake.post_callback(callback, SECRET, [fake.report(message["provider_ref"])])
    assert status == 200, body
    assert json.loads(body.decode())["changed"] == 1
    state = admin("hcc.sms.message", "read", [message["id"]], ["state"])[0]["state"]
    assert state == "delivered"
    # the provider repeats itself: accepted, nothing changes
    status, body = fake.post_callback(callback, SECRET, [fake.report(message["provider_ref"])])
    assert (status, json.loads(body.decode())["changed"]) == (200, 0)


def test_callback_refusals_over_http(server, rpc, gateway):
    url, _db = server
    fake, gateway_id = gateway
    message = _sent_message(rpc, fake)
    callback = "%s/hcc_sms/delivery/%d" % (url, gateway_id)
    report = fake.report(message["provider_ref"], "UNDELIV", error_code="005")
    assert fake.post_callback(callback, "wrong-secret", [report])[0] == 403
    assert fake.post_callback(callback, SECRET, [report], signature="sha256=00")[0] == 403
    assert _post(callback, json.dumps({"Reports": [report]}).encode())[0] == 403  # unsigned
    garbled = b'{"Reports": [{"SMSID": '
    assert _post(callback, garbled, {"X-HCC-Signature": fake.signature(SECRET, garbled)})[0] \
        == 400
    assert fake.post_callback(callback, SECRET, [fake.report("esms-unknown")])[0] == 404
    assert fake.post_callback("%s/hcc_sms/delivery/999999" % url, SECRET, [report])[0] == 404
    admin = rpc("admin")
    assert admin("hcc.sms.message", "read", [message["id"]], ["state"])[0]["state"] == "sent"
    status, _body = fake.post_callback(callback, SECRET, [report])
    assert status == 200
    row = admin("hcc.sms.message", "read", [message["id"]],
                ["state", "failure_kind", "error_code"])[0]
    assert (row["state"], row["failure_kind"], row["error_code"]) == \
        ("failed", "permanent", "005")
