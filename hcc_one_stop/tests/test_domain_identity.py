from unittest import TestCase

from ..domain import identity
from ..domain.errors import DomainError


class TestCitizenId(TestCase):

    def test_valid(self):
        self.assertEqual(identity.validate_citizen_id("001 203 012345"), "001203012345")
        self.assertEqual(identity.validate_citizen_id("096099000001"), "096099000001")

    def test_wrong_length_or_characters(self):
        for value in ("00120301234", "0012030123456", "00120301234A", "", None,
                      "００１２０３０１２３４５"):
            with self.assertRaises(DomainError):
                identity.validate_citizen_id(value)

    def test_province_code(self):
        with self.assertRaises(DomainError) as ctx:
            identity.validate_citizen_id("097203012345")
        self.assertEqual(str(ctx.exception),
                         "Citizen ID number has an unknown province code: 097203012345")
        with self.assertRaises(DomainError):
            identity.validate_citizen_id("000203012345")

    def test_message_template_kept_for_translation(self):
        with self.assertRaises(DomainError) as ctx:
            identity.validate_citizen_id("123")
        self.assertEqual(ctx.exception.message,
                         "Citizen ID number must have exactly 12 digits: %(value)s")
        self.assertEqual(ctx.exception.params, {'value': "123"})
        self.assertIsInstance(ctx.exception, ValueError)


class TestPhone(TestCase):

    def test_spellings(self):
        for value in ("0912 345 678", "+84912345678", "84912345678", "912345678",
                      "0912.345.678", "(+84) 912-345-678", "0084912345678"):
            self.assertEqual(identity.normalize_phone(value), "84912345678")

    def test_new_prefixes(self):
        self.assertEqual(identity.normalize_phone("0362 123 456"), "84362123456")
        self.assertEqual(identity.normalize_phone("0569123456"), "84569123456")
        self.assertEqual(identity.normalize_phone("0789123456"), "84789123456")
        self.assertEqual(identity.normalize_phone("0868123456"), "84868123456")

    def test_rejected(self):
        for value in ("0241 3825 678",   # Hanoi landline
                      "0212345678",      # 02x is not mobile
                      "0112345678",
                      "091234567",       # too short
                      "09123456789",     # too long
                      "09123A5678",
                      "", None):
            with self.assertRaises(DomainError):
                identity.normalize_phone(value)

    def test_contact_phone_accepts_landlines(self):
        for value in ("0216 3 852 123", "02163852123", "+84 216 3852 123", "842163852123"):
            self.assertEqual(identity.normalize_contact_phone(value), "842163852123")
        self.assertEqual(identity.normalize_contact_phone("024 3825 6789"), "842438256789")
        self.assertEqual(identity.normalize_contact_phone("0912 345 678"), "84912345678")
        for value in ("0112345678", "0216385212", "021638521234", "", None, "abc"):
            with self.assertRaises(DomainError):
                identity.normalize_contact_phone(value)
        # the mobile-only normaliser (SMS) still refuses a landline
        with self.assertRaises(DomainError):
            identity.normalize_phone("0216 3 852 123")

    def test_is_mobile(self):
        self.assertTrue(identity.is_mobile("84912345678"))
        self.assertTrue(identity.is_mobile("0912 345 678"))
        self.assertFalse(identity.is_mobile("842163852123"))
        self.assertFalse(identity.is_mobile("0216 3 852 123"))
        self.assertFalse(identity.is_mobile(""))
        self.assertFalse(identity.is_mobile(None))

    def test_display(self):
        self.assertEqual(identity.format_phone_display("84912345678"), "0912 345 678")
        self.assertEqual(identity.format_phone_display("842163852123"), "0216 3852 123")
        self.assertEqual(identity.format_phone_display("842838256789"), "028 3825 6789")
        self.assertEqual(identity.format_phone_display("12"), "12")
        self.assertEqual(identity.format_phone_display(False), "")

    def test_search_term(self):
        for value in ("0912 345 678", "+84912345678", "84912345678", "0912.345.678"):
            self.assertEqual(identity.phone_search_term(value), ("=", "84912345678"))
        self.assertEqual(identity.phone_search_term("345 678"), ("ilike", "345678"))
        self.assertEqual(identity.phone_search_term("0912 34"), ("ilike", "91234"))
        self.assertIsNone(identity.phone_search_term("Nguyễn"))

    def test_format_local(self):
        self.assertEqual(identity.format_phone_local("84912345678"), "0912345678")
        self.assertEqual(identity.format_phone_local("+84362123456"), "0362123456")


class TestTaxCode(TestCase):

    def test_real_codes(self):
        # Viettel, VNPT, Vietnam Airlines, Vinamilk, FPT, Vietcombank.
        for value in ("0100109106", "0100684378", "0100107518", "0300588569",
                      "0101248141", "0100112437"):
            self.assertEqual(identity.validate_tax_code(value), value)

    def test_branch(self):
        self.assertEqual(identity.validate_tax_code(" 0100109106-001 "), "0100109106-001")

    def test_check_digit(self):
        self.assertEqual(identity.tax_code_check_digit("010010910"), 6)
        self.assertEqual(identity.tax_code_check_digit("030058856"), 9)
        # 0,0,0,0,0,0,0,0,0: sum 0, 10 - 0 = 10 -> no valid code.
        self.assertIsNone(identity.tax_code_check_digit("000000000"))

    def test_rejected(self):
        for value in ("0100109107",       # wrong check digit
                      "0000000000",       # check digit would be 10
                      "010010910",
                      "0100109106-01",
                      "0100109106001",
                      "01001O9106", "", None):
            with self.assertRaises(DomainError):
                identity.validate_tax_code(value)


class TestEmail(TestCase):

    def test_valid(self):
        self.assertEqual(identity.validate_email(" Nguyen.Van.A@Gmail.COM "),
                         "Nguyen.Van.A@gmail.com")
        self.assertEqual(identity.validate_email("motcua@yenbai.gov.vn"), "motcua@yenbai.gov.vn")

    def test_invalid(self):
        for value in ("motcua", "motcua@", "@yenbai.gov.vn", "a@b", "a b@c.vn", "a@@c.vn",
                      "a@c.v", "", None):
            with self.assertRaises(DomainError):
                identity.validate_email(value)
