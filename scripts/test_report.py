"""Judge a test run by its logs, not only by exit codes.

Odoo 11 hides failures: a test file that fails to import is logged and the
run exits 0; a test module left out of tests/__init__.py is skipped silently;
a module installed without demo data runs no test; a skipped test is counted
in "Ran N tests" and the run says "OK (skipped=N)". This script counts what
really ran, lists what went wrong and prints the closing line
"N passed, M failed".

A skipped test (Odoo's or pytest's) is listed by name and fails the run
unless scripts/expected_skips.txt declares it, with the reason, which is
printed. Skipped tests never count as passed.

The logs of the run are also scanned for personal data: the demo
applicants' ID numbers and phones (read from the test database) and the
fixture values of our tests. A hit fails the run; the value is not printed.
"""
import argparse
import ast
import fnmatch
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

# date time pid LEVEL db logger: message
LINE = re.compile(r"^\S+ \S+ \d+ (\w+) \S+ (\S+): ?(.*)$")
RAN = re.compile(r"^\S+ \S+ \d+ \w+ \S+ (\S+): Ran (\d+) tests? in")
# ERROR lines the counts above already cover: a test's own report, and the
# runner's per-module summary.
COUNTED = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (odoo\.addons\.\S+\.tests\.\S+|odoo\.modules\.module): ")
RUNNING = re.compile(r"^\S+ \S+ \d+ \w+ \S+ \S+: (odoo\.addons\.\S+) running tests\.")
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
TEST_FAIL = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (odoo\.addons\.\S+): (FAIL|ERROR): (\S+)")
# What unittest's verbose runner writes through Odoo's TestStream (one log
# record per write, logger = the test module): the test's description, then
# its outcome ("ok" is filtered out by TestStream).
TEST_MODULE_LOGGER = re.compile(r"^odoo\.addons\.[\w.]+\.tests\.[\w.]+$")
TEST_NAME = re.compile(r"^(\w+) \(([\w.]+)\)$")
SKIPPED = re.compile(r"^skipped (.*)$")

DEFAULT_EXPECTED_SKIPS = os.path.join("scripts", "expected_skips.txt")


def short_id(dotted):
    return dotted[len("odoo.addons."):] if dotted.startswith("odoo.addons.") else dotted


def unquote(reason):
    try:
        return str(ast.literal_eval(reason))
    except (ValueError, SyntaxError):
        return reason


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
    """(passed, failed, modules that ran, problems, skips [(id, reason)])."""
    passed = failed = 0
    ran_modules = set()
    problems = []
    skips = []
    if not os.path.exists(path):
        return 0, 0, ran_modules, ["no Odoo test log at %s" % path], skips
    failed_tests = []
    current = {}  # test module logger -> id of the test being reported
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
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
        m = LINE.match(line)
        if m and TEST_MODULE_LOGGER.match(m.group(2)):
            logger, msg = m.group(2), m.group(3)
            name = TEST_NAME.match(msg)
            if name:
                current[logger] = short_id("%s.%s" % (name.group(2), name.group(1)))
                continue
            if msg.startswith("` "):  # the docstring under the name
                continue
            test = current.pop(logger, None)
            skip = SKIPPED.match(msg)
            if skip or msg == "expected failure":
                reason = unquote(skip.group(1)) if skip else "expected failure"
                if test:
                    passed -= 1  # "Ran N tests" counts it
                else:
                    # setUpClass raised SkipTest: no test name is written
                    test = "%s (class or module set-up)" % short_id(logger)
                skips.append((test, reason))
                continue
            if msg == "unexpected success":
                failed_tests.append("unexpected success %s" % test)
                passed -= 1
                failed += 1
                continue
        if ERROR_LINE.match(line) and not COUNTED.match(line):
            problems.append(line.strip()[:300])
    for t in failed_tests:
        print("  failed: " + t)
    return passed, failed, ran_modules, problems, skips


def junit_counts(path):
    """(passed, failed, problems, skips [(id, reason)]) from pytest's junit XML."""
    if not os.path.exists(path):
        return 0, 0, ["pytest wrote no report at %s" % path], []
    root = ET.parse(path).getroot()
    passed = failed = 0
    skips = []
    for case in root.iter("testcase"):
        test = "%s.%s" % (case.get("classname"), case.get("name"))
        if case.find("failure") is not None or case.find("error") is not None:
            print("  failed: " + test)
            failed += 1
            continue
        skipped = case.find("skipped")
        if skipped is not None:
            skips.append((test, skipped.get("message") or (skipped.text or "").strip()))
            continue
        passed += 1
    return passed, failed, [], skips


def read_expected_skips(path):
    """Declared skips: [(pattern, reason)] and the problems of the file.

    One line each: a test id (fnmatch patterns allowed), blanks, the reason.
    Odoo test ids read addon.tests.module.Class.test_name, pytest ids
    tests.module[.Class].test_name (as the run lists them)."""
    declared, problems = [], []
    if not os.path.exists(path):
        return declared, problems
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[1].strip():
            problems.append("%s line %d declares a skip without a reason" % (path, n))
            continue
        declared.append((parts[0], parts[1].strip()))
    return declared, problems


def judge_skips(skips, declared):
    """Print every skip; return the problems (undeclared skips)."""
    problems = []
    used = set()
    for test, reason in skips:
        match = next(((p, r) for p, r in declared if fnmatch.fnmatchcase(test, p)), None)
        if match:
            used.add(match[0])
            print("  skipped (expected): %s: %s" % (test, match[1]))
        else:
            print("  skipped: %s (%s)" % (test, reason))
            problems.append("skipped test not declared in %s: %s"
                            % (DEFAULT_EXPECTED_SKIPS, test))
    for pattern, _reason in declared:
        if pattern not in used:
            print("  note: declared expected skip did not happen: %s" % pattern)
    return problems


# --- personal data in the logs ---------------------------------------------

DIGITS = re.compile(r"\d+")
# A number as people write it: digits with single spaces, dots or dashes.
NUMBER = re.compile(r"\d(?:[ .\-]?\d)+")
ID_LITERAL = re.compile(r"(?<!\d)\d{12}(?!\d)")
PHONE_LITERAL = re.compile(r"(?<![\d+])(?:\+?84|0)[ .\-]?[35789](?:[ .\-]?\d){8}(?!\d)")


def phone_forms(value):
    """The 0xxxxxxxxx and 84xxxxxxxxx forms of a Vietnamese mobile number."""
    digits = "".join(DIGITS.findall(value or ""))
    if digits.startswith("84") and len(digits) == 11:
        nsn = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        nsn = digits[1:]
    else:
        return [digits] if len(digits) >= 9 else []
    return ["0" + nsn, "84" + nsn]


def fixture_values(root):
    """ID numbers and phones written in our tests (Odoo's and pytest's)."""
    targets = {}
    files = glob.glob(os.path.join(root, "hcc_*", "tests", "*.py"))
    files += glob.glob(os.path.join(root, "tests", "*.py"))
    for fn in files:
        text = open(fn, encoding="utf-8", errors="replace").read()
        for value in ID_LITERAL.findall(text):
            targets[value] = "an ID number"
        for value in PHONE_LITERAL.findall(text):
            for form in phone_forms(value):
                targets[form] = "a phone number"
    return targets


def database_values(dsn):
    """The applicants' ID numbers and phones of the test database."""
    import psycopg2
    targets = {}
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT applicant_id_number, applicant_phone FROM hcc_dossier")
            for id_number, phone in cr.fetchall():
                digits = "".join(DIGITS.findall(id_number or ""))
                if len(digits) >= 9:
                    targets[digits] = "an applicant's ID number"
                for form in phone_forms(phone):
                    targets[form] = "an applicant's phone number"
    finally:
        conn.close()
    return targets


def scan_log(path, targets, limit=20):
    """Problems for the lines of `path` that hold one of `targets`.

    unittest's own report lines (the tests' names, docstrings and failure
    tracebacks, logged under the test module's name) are not server output
    and are left out; a failing test already fails the run."""
    problems = []
    if not os.path.exists(path):
        return problems
    lengths = sorted({len(t) for t in targets})
    name = os.path.basename(path)
    in_report = False
    hits = 0
    for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        m = LINE.match(line)
        if m:
            in_report = bool(TEST_MODULE_LOGGER.match(m.group(2)))
            text = m.group(3)
        else:
            text = line  # a traceback under the record before
        if in_report:
            continue
        found = None
        for number in NUMBER.findall(text):
            digits = "".join(DIGITS.findall(number))
            for size in lengths:
                for i in range(len(digits) - size + 1):
                    if digits[i:i + size] in targets:
                        found = digits[i:i + size]
                        break
                if found:
                    break
            if found:
                break
        if found:
            hits += 1
            if hits <= limit:
                problems.append("personal data in %s line %d: %s (ending ...%s)"
                                % (name, n, targets[found], found[-3:]))
    if hits > limit:
        problems.append("personal data in %s: %d more lines" % (name, hits - limit))
    return problems


def personal_data_problems(a):
    problems = []
    targets = fixture_values(a.root)
    if a.pii_db:
        try:
            found = database_values(a.pii_db)
        except Exception as exc:  # the scan must not pass by reading nothing
            return ["could not read the demo applicants from the test database: %s" % exc]
        if not found:
            problems.append("no applicant ID number or phone in the test database: "
                            "the log scan would prove nothing")
        targets.update(found)
    for fn in a.pii_values or []:
        for value in open(fn, encoding="utf-8"):
            value = value.strip()
            if value:
                forms = phone_forms(value) if len(value) < 12 else [value]
                for form in forms:
                    targets[form] = "a listed value"
    if not targets:
        return problems
    for path in a.scan_log or []:
        problems += scan_log(path, targets)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--addons", required=True)
    ap.add_argument("--odoo-log", required=True)
    ap.add_argument("--odoo-rc", type=int, default=0)
    ap.add_argument("--junit", required=True)
    ap.add_argument("--server-log")
    ap.add_argument("--expected-skips",
                    help="declared skips (default: ROOT/%s)" % DEFAULT_EXPECTED_SKIPS)
    ap.add_argument("--scan-log", action="append",
                    help="a log to scan for personal data (repeatable)")
    ap.add_argument("--pii-db", help="libpq DSN of the test database, to read the "
                                     "demo applicants' ID numbers and phones")
    ap.add_argument("--pii-values", action="append",
                    help="a file of further values to look for, one a line")
    a = ap.parse_args()

    addons = a.addons.split(",")
    passed, failed, ran, problems, skips = odoo_counts(a.odoo_log)
    expected = expected_test_modules(a.root, addons)
    for mod in sorted(expected - ran):
        problems.append("test module did not run (not imported in tests/__init__.py, "
                        "failed to import, or has no test): %s" % mod)
    for addon in addons:
        if not any(m.startswith("odoo.addons.%s." % addon) for m in ran):
            problems.append("no test ran for addon %s" % addon)
    if a.odoo_rc:
        problems.append("Odoo exited with status %d" % a.odoo_rc)
    p2, f2, pr2, skips2 = junit_counts(a.junit)
    passed += p2
    failed += f2
    problems += pr2
    declared, pr3 = read_expected_skips(
        a.expected_skips or os.path.join(a.root, DEFAULT_EXPECTED_SKIPS))
    problems += pr3
    problems += judge_skips(skips + skips2, declared)
    if a.server_log and os.path.exists(a.server_log):
        for line in open(a.server_log, encoding="utf-8", errors="replace"):
            if ERROR_LINE.match(line):
                problems.append("server: " + line.strip()[:300])
    problems += personal_data_problems(a)
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
