"""The test judge (scripts/test_report.py) on small crafted logs, in the
format Odoo 11's runner writes them: no server needed."""
import os
import subprocess
import sys
import textwrap

import pytest

JUDGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                     "scripts", "test_report.py")
MOD = "odoo.addons.hcc_x.tests.test_a"


def rec(message, level="INFO", logger=MOD):
    return "2026-11-28 13:37:33,381 6652 %s hcc_test_1 %s: %s\n" % (level, logger, message)


def odoo_log(*body, ran=3):
    """A module's test report as TestStream logs it (verbosity 2)."""
    return (rec("%s running tests." % MOD, logger="odoo.modules.module")
            + "".join(body)
            + rec("Ran %d tests in 0.120s" % ran) + rec("OK"))


PASSING = rec("test_one (%s.TestA)" % MOD) + rec("` What test_one proves.") \
    + rec("test_two (%s.TestA)" % MOD)
SKIPPED = rec("test_three (%s.TestA)" % MOD) + rec("skipped 'no dossier in the database'")

JUNIT_OK = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest"
 errors="0" failures="0" skipped="0" tests="2">
<testcase classname="tests.test_portal" name="test_lookup" time="0.1"/>
<testcase classname="tests.test_portal" name="test_my" time="0.1"/>
</testsuite></testsuites>"""
JUNIT_SKIP = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest"
 errors="0" failures="0" skipped="1" tests="2">
<testcase classname="tests.test_portal" name="test_lookup" time="0.1"/>
<testcase classname="tests.test_portal" name="test_my" time="0.1">
<skipped type="pytest.skip" message="no citizen">tests/test_portal.py:9: no citizen</skipped>
</testcase></testsuite></testsuites>"""


@pytest.fixture
def run(tmp_path):
    """Runs the judge on a checkout with one addon hcc_x and its test_a."""
    tests = tmp_path / "hcc_x" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_a.py").write_text(textwrap.dedent("""\
        ID = '015090009876'
        PHONE = '0988 765 432'
    """))
    (tmp_path / "scripts").mkdir()

    def judge(log, junit=JUNIT_OK, expected="", extra=(), server_log=""):
        (tmp_path / "odoo-tests.log").write_text(log)
        (tmp_path / "odoo-server.log").write_text(server_log)
        (tmp_path / "pytest.xml").write_text(junit)
        (tmp_path / "scripts" / "expected_skips.txt").write_text(expected)
        cmd = [sys.executable, JUDGE, "--root", str(tmp_path), "--addons", "hcc_x",
               "--odoo-log", str(tmp_path / "odoo-tests.log"),
               "--junit", str(tmp_path / "pytest.xml"),
               "--scan-log", str(tmp_path / "odoo-tests.log"),
               "--scan-log", str(tmp_path / "odoo-server.log")] + list(extra)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=60)
        return proc.returncode, proc.stdout

    return judge


def closing(out):
    return out.strip().splitlines()[-1]


def test_clean_run_passes(run):
    rc, out = run(odoo_log(PASSING + rec("test_three (%s.TestA)" % MOD)))
    assert closing(out) == "5 passed, 0 failed", out
    assert rc == 0


def test_odoo_skip_is_listed_and_fails(run):
    rc, out = run(odoo_log(PASSING + SKIPPED))
    assert "skipped: hcc_x.tests.test_a.TestA.test_three (no dossier in the database)" in out
    # the skipped test is not a pass; its problem is the one failure
    assert closing(out) == "4 passed, 1 failed", out
    assert rc == 1


def test_declared_odoo_skip_passes_and_prints_the_reason(run):
    rc, out = run(odoo_log(PASSING + SKIPPED),
                  expected="# comment\nhcc_x.tests.test_a.TestA.test_three  needs a GPU\n")
    assert "skipped (expected): hcc_x.tests.test_a.TestA.test_three: needs a GPU" in out
    assert closing(out) == "4 passed, 0 failed", out
    assert rc == 0


def test_declaration_needs_a_reason(run):
    rc, out = run(odoo_log(PASSING + SKIPPED), expected="hcc_x.tests.test_a.TestA.test_three\n")
    assert "without a reason" in out
    assert rc == 1


def test_class_level_skip_and_expected_failure_fail(run):
    body = PASSING + rec("test_three (%s.TestA)" % MOD) + rec("FAIL", level="ERROR") \
        + rec("skipped 'class level'") \
        + rec("test_four (%s.TestA)" % MOD) + rec("expected failure") \
        + rec("FAIL: test_three (%s.TestA)" % MOD, level="ERROR")
    rc, out = run(odoo_log(body, ran=4))
    assert "skipped: hcc_x.tests.test_a (class or module set-up) (class level)" in out
    assert "skipped: hcc_x.tests.test_a.TestA.test_four (expected failure)" in out
    assert "failed: FAIL test_three" in out
    # 4 ran: test_three failed, test_four is not a pass; 2 junit passes
    assert closing(out) == "4 passed, 3 failed", out
    assert rc == 1


def test_pytest_skip_is_listed_and_fails_unless_declared(run):
    rc, out = run(odoo_log(PASSING, ran=2), junit=JUNIT_SKIP)
    assert "skipped: tests.test_portal.test_my (no citizen)" in out
    assert closing(out) == "3 passed, 1 failed", out
    assert rc == 1
    rc, out = run(odoo_log(PASSING, ran=2), junit=JUNIT_SKIP,
                  expected="tests.test_portal.test_*  the portal is switched off in this run\n")
    assert "skipped (expected): tests.test_portal.test_my: the portal is switched off" in out
    assert closing(out) == "3 passed, 0 failed", out
    assert rc == 0


def test_planted_personal_data_fails_without_printing_it(run, tmp_path):
    values = tmp_path / "pii.txt"
    values.write_text("84912000111\n001203099999\n")
    server = (rec("GET /x HTTP/1.1 200", logger="werkzeug")
              + rec("SMS 12 to 0912 000 111 failed", level="WARNING",
                    logger="odoo.addons.hcc_sms.models.hcc_sms_message")
              + "Traceback (most recent call last):\n"
              + "ValueError: bad id 001203099999\n")
    rc, out = run(odoo_log(PASSING, ran=2), server_log=server,
                  extra=["--pii-values", str(values)])
    assert "personal data in odoo-server.log line 2: a listed value (ending ...111)" in out
    assert "personal data in odoo-server.log line 4: a listed value (ending ...999)" in out
    assert "0912 000 111" not in out and "912000111" not in out and "001203099999" not in out
    assert rc == 1


def test_fixture_values_of_the_tests_are_searched(run):
    # the values written in hcc_x/tests, in other forms than written there
    log = odoo_log(PASSING + rec("saved partner 84988765432",
                                 logger="odoo.addons.hcc_x.models.x")
                   + rec("id 015090009876 accepted", logger="odoo.addons.hcc_x.models.x"),
                   ran=2)
    rc, out = run(log)
    assert "personal data in odoo-tests.log line 5: a phone number (ending ...432)" in out
    assert "personal data in odoo-tests.log line 6: an ID number (ending ...876)" in out
    assert rc == 1


def test_unittest_report_lines_are_not_server_output(run):
    # a test's docstring or failure output quoting a fixture is the test's own
    body = PASSING + rec("` Stores 0988 765 432 as 84988765432.")
    rc, out = run(odoo_log(body, ran=2))
    assert "personal data" not in out, out
    assert rc == 0
