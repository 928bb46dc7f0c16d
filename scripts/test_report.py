"""Judge a test run by its logs, not only by exit codes.

Odoo 11 hides failures: a test file that fails to import is logged and the
run exits 0; a test module left out of tests/__init__.py is skipped silently;
a module installed without demo data runs no test. This script counts what
really ran, lists what went wrong and prints the closing line
"N passed, M failed".
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

# date time pid LEVEL db logger: message
RAN = re.compile(r"^\S+ \S+ \d+ \w+ \S+ (\S+): Ran (\d+) tests? in")
# ERROR lines the counts above already cover: a test's own report, and the
# runner's per-module summary.
COUNTED = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (odoo\.addons\.\S+\.tests\.\S+|odoo\.modules\.module): ")
RUNNING = re.compile(r"^\S+ \S+ \d+ \w+ \S+ \S+: (odoo\.addons\.\S+) running tests\.")
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
TEST_FAIL = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (odoo\.addons\.\S+): (FAIL|ERROR): (\S+)")


def expected_test_modules(root, addons):
    mods = set()
    for addon in addons:
        tdir = os.path.join(root, addon, "tests")
        if not os.path.isdir(tdir):
            continue
        for fn in os.listdir(tdir):
            if fn.startswith("test_") and fn.endswith(".py"):
                mods.add("odoo.addons.%s.tests.%s" % (addon, fn[:-3]))
    return mods


def odoo_counts(path):
    passed = failed = 0
    ran_modules = set()
    problems = []
    if not os.path.exists(path):
        return 0, 0, ran_modules, ["no Odoo test log at %s" % path]
    failed_tests = []
    for line in open(path, encoding="utf-8", errors="replace"):
        m = RUNNING.match(line)
        if m:
            ran_modules.add(m.group(1))
        m = RAN.match(line)
        if m:
            passed += int(m.group(2))
            continue
        m = TEST_FAIL.match(line)
        if m:
            # one "FAIL: test_x" / "ERROR: test_x" line per failed test
            failed_tests.append("%s %s" % (m.group(2), m.group(3)))
            passed -= 1
            failed += 1
            continue
        if ERROR_LINE.match(line) and not COUNTED.match(line):
            problems.append(line.strip()[:300])
    for t in failed_tests:
        print("  failed: " + t)
    return passed, failed, ran_modules, problems


def junit_counts(path):
    if not os.path.exists(path):
        return 0, 0, ["pytest wrote no report at %s" % path]
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = fails = 0
    names = []
    for s in suites:
        tests += int(s.get("tests", 0))
        fails += int(s.get("failures", 0)) + int(s.get("errors", 0))
        for case in s.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                names.append("  failed: tests/%s::%s" % (case.get("classname"), case.get("name")))
        tests -= int(s.get("skipped", 0))
    for n in names:
        print(n)
    return tests - fails, fails, []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--addons", required=True)
    ap.add_argument("--odoo-log", required=True)
    ap.add_argument("--odoo-rc", type=int, default=0)
    ap.add_argument("--junit", required=True)
    ap.add_argument("--server-log")
    a = ap.parse_args()

    addons = a.addons.split(",")
    passed, failed, ran, problems = odoo_counts(a.odoo_log)
    expected = expected_test_modules(a.root, addons)
    for mod in sorted(expected - ran):
        problems.append("test module did not run (not imported in tests/__init__.py, "
                        "failed to import, or has no test): %s" % mod)
    for addon in addons:
        if not any(m.startswith("odoo.addons.%s." % addon) for m in ran):
            problems.append("no test ran for addon %s" % addon)
    if a.odoo_rc:
        problems.append("Odoo exited with status %d" % a.odoo_rc)
    p2, f2, pr2 = junit_counts(a.junit)
    passed += p2
    failed += f2
    problems += pr2
    if a.server_log and os.path.exists(a.server_log):
        for line in open(a.server_log, encoding="utf-8", errors="replace"):
            if ERROR_LINE.match(line):
                problems.append("server: " + line.strip()[:300])
    for p in problems:
        print("  problem: " + p)
    failed += len(problems)
    if passed + failed == 0:
        print("  problem: no test ran at all")
        failed = 1
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
