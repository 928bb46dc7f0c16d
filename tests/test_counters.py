"""Counters receiving at the same time for the same agency and day, through
the real server: every receipt succeeds, codes are unique and the day's
running numbers have no gap. Each counter is its own XML-RPC session of a
receiving officer. (A serialization failure, which Odoo would retry, also
writes a "bad query" ERROR line in the server log, which fails the run.)"""
import re
import threading
import time
import xmlrpc.client
from collections import defaultdict

COUNTERS = ("reception", "reception2", "reception", "reception2")
RECEIPTS_PER_COUNTER = 5
PROCEDURE = "hcc_one_stop.procedure_judicial_record"
CODE_RE = re.compile(r"^(.*\D)(\d+)$")   # the code's running number is its last digits


def _vals(proc_id, counter, i):
    return {"procedure_id": proc_id,
            "applicant_name": "Quầy %d hồ sơ %d" % (counter + 1, i),
            "applicant_id_number": "0150%02d%06d" % (90 + counter, int(time.time()) % 10000 * 10 + i),
            "applicant_phone": "09%d%07d" % (counter + 1, i),
            "channel": "1"}


def test_four_counters_at_once_same_agency_and_day(rpc):
    admin = rpc("admin")   # only to look things up
    proc_id = admin("ir.model.data", "xmlid_to_res_id", PROCEDURE, True)
    sessions = [rpc(login) for login in COUNTERS]   # one connection per counter
    barrier = threading.Barrier(len(sessions))
    codes, faults = [], []

    def counter(index, session):
        try:
            barrier.wait(timeout=30)
            for i in range(RECEIPTS_PER_COUNTER):
                result = session("hcc.dossier", "receive_new", _vals(proc_id, index, i))
                codes.append(result["name"])
        except (xmlrpc.client.Error, OSError, threading.BrokenBarrierError) as exc:
            faults.append("counter %d: %s" % (index + 1, getattr(exc, "faultString", exc)))

    threads = [threading.Thread(target=counter, args=(i, s)) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)

    assert faults == []
    assert len(codes) == len(COUNTERS) * RECEIPTS_PER_COUNTER
    assert len(set(codes)) == len(codes), "a code was issued twice"
    ours = defaultdict(set)   # code without its running number (agency, day) -> numbers
    for code in codes:
        head, number = CODE_RE.match(code).groups()
        ours[head].add(int(number))
    for head, numbers in ours.items():
        # every code of that agency and day, the demo data's and earlier tests' included
        issued = admin("hcc.dossier", "search_read", [("name", "=like", head + "%")], ["name"],
                       context={"active_test": False})
        day_numbers = sorted(int(CODE_RE.match(d["name"]).group(2)) for d in issued)
        assert numbers <= set(day_numbers)
        assert day_numbers == list(range(1, len(day_numbers) + 1)), \
            "numbers of %s* are not gap-free: %s" % (head, day_numbers)
