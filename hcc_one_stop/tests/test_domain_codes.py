from datetime import date
from unittest import TestCase

from ..domain import codes
from ..domain.errors import DomainError

AGENCY = "000.00.12.H64"
DAY = date(2026, 2, 13)


class TestPattern(TestCase):

    def test_standard_patterns_valid(self):
        self.assertEqual(codes.validate_pattern(codes.PATTERN_01_2018), codes.PATTERN_01_2018)
        self.assertEqual(codes.validate_pattern(codes.PATTERN_04_2025), codes.PATTERN_04_2025)
        self.assertEqual(codes.validate_pattern("HS/{yyyy}{mm}{dd}/{seq:6}"),
                         "HS/{yyyy}{mm}{dd}/{seq:6}")

    def test_invalid_patterns(self):
        cases = {
            "{agency}-{yymmdd}": "The dossier code pattern must contain a running number {seq}",
            "{agency}-{seq}": "The dossier code pattern must contain the receiving date",
            "{agency}-{yy}{mm}-{seq}": "The dossier code pattern must contain the receiving date",
            "{agency}-{yymmdd}-{counter}": "Unknown token in dossier code pattern: counter",
            "{yymmdd}-{seq}-{seq}": "Token used twice in dossier code pattern: seq",
            "{agency:3}-{yymmdd}-{seq}": "Invalid width in dossier code pattern: agency",
            "{yymmdd}-{seq:0}": "Invalid width in dossier code pattern: seq",
            "{yymmdd} {seq}": "Invalid text in dossier code pattern:  ",
            "{yymmdd}-{seq}}": "Invalid text in dossier code pattern: }",
            "": "The dossier code pattern is empty",
        }
        for pattern, message in cases.items():
            with self.assertRaises(DomainError) as ctx:
                codes.validate_pattern(pattern)
            self.assertEqual(str(ctx.exception), message)


class TestAgencyCode(TestCase):

    def test_valid(self):
        self.assertEqual(codes.validate_agency_code(" 000.00.12.h64 "), AGENCY)
        self.assertEqual(codes.validate_agency_code("H64"), "H64")

    def test_invalid(self):
        for value in ("", None, "000..12", ".000.12", "000-00-12", "000.00.12.H64 X",
                      "A" * 31):
            with self.assertRaises(DomainError):
                codes.validate_agency_code(value)


class TestFormatAndParse(TestCase):

    def test_circular_01_2018(self):
        self.assertEqual(codes.format_code(codes.PATTERN_01_2018, AGENCY, DAY, 7),
                         "000.00.12.H64-260213-0007")

    def test_circular_04_2025(self):
        self.assertEqual(codes.format_code(codes.PATTERN_04_2025, AGENCY, DAY, 123, prefix='tn'),
                         "000.00.12.H64-260213-TN0123")

    def test_running_number_grows_beyond_width(self):
        self.assertEqual(codes.format_code(codes.PATTERN_01_2018, AGENCY, DAY, 12345),
                         "000.00.12.H64-260213-12345")

    def test_custom_pattern(self):
        self.assertEqual(codes.format_code("HS/{yyyy}{mm}{dd}/{seq:6}", AGENCY, DAY, 42),
                         "HS/20260213/000042")
        self.assertEqual(codes.format_code("{agency}.{dd}{mm}{yy}.{seq:3}", "H64", DAY, 5),
                         "H64.130226.005")

    def test_prefix_ignored_without_token(self):
        self.assertEqual(codes.format_code(codes.PATTERN_01_2018, AGENCY, DAY, 1, prefix='TN'),
                         "000.00.12.H64-260213-0001")

    def test_format_rejects_bad_input(self):
        with self.assertRaises(DomainError):
            codes.format_code(codes.PATTERN_01_2018, AGENCY, DAY, 0)
        with self.assertRaises(DomainError):
            codes.format_code(codes.PATTERN_01_2018, AGENCY, DAY, "7")
        with self.assertRaises(DomainError):
            codes.format_code(codes.PATTERN_04_2025, AGENCY, DAY, 1, prefix='T')
        with self.assertRaises(DomainError):
            codes.format_code(codes.PATTERN_04_2025, AGENCY, DAY, 1)
        with self.assertRaises(DomainError):
            codes.format_code(codes.PATTERN_01_2018, "bad code!", DAY, 1)

    def test_parse_round_trip(self):
        self.assertEqual(codes.parse_code(codes.PATTERN_01_2018, "000.00.12.H64-260213-0007"),
                         {'agency': AGENCY, 'date': DAY, 'seq': 7, 'prefix': None})
        self.assertEqual(codes.parse_code(codes.PATTERN_04_2025, "000.00.12.H64-260213-TN12345"),
                         {'agency': AGENCY, 'date': DAY, 'seq': 12345, 'prefix': 'TN'})
        self.assertEqual(codes.parse_code("{agency}.{dd}{mm}{yy}.{seq:3}", "H64.130226.005"),
                         {'agency': 'H64', 'date': DAY, 'seq': 5, 'prefix': None})
        self.assertEqual(codes.parse_code("HS/{yyyy}{mm}{dd}/{seq:6}", "HS/20260213/000042"),
                         {'agency': None, 'date': DAY, 'seq': 42, 'prefix': None})

    def test_parse_rejects(self):
        for code in ("000.00.12.H64-260213-007",     # running number too short
                     "000.00.12.H64-2602131-0007",
                     "000.00.12.H64-260230-0007",    # 30 February
                     "000.00.12.H64-260213-0007 x",
                     ""):
            with self.assertRaises(DomainError):
                codes.parse_code(codes.PATTERN_01_2018, code)

    def test_code_regex(self):
        regex = codes.code_regex(codes.PATTERN_01_2018)
        self.assertTrue(regex.match("000.00.12.H64-260213-0007"))
        self.assertIsNone(regex.match("000.00.12.H64-260213-TN0007"))
        self.assertEqual(regex.match("000.00.12.H64-260213-0007").group('yymmdd'), "260213")
