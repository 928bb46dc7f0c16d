from odoo.tests.common import TransactionCase

from ..gateways import encoding

VI_RECEIVED = ("HCC: Hồ sơ 000.00.12.H64-260213-0001 đã được tiếp nhận, "
               "hẹn trả kết quả 17:00 20/02/2026.")


class TestSmsEncoding(TransactionCase):
    """Pure text rules; a TransactionCase only so Odoo's runner picks it up."""

    def test_strip_vietnamese(self):
        self.assertEqual(encoding.strip_diacritics("Đường Trần Hưng Đạo, phường Nguyễn Thái Học"),
                         "Duong Tran Hung Dao, phuong Nguyen Thai Hoc")
        self.assertEqual(encoding.strip_diacritics("Ơ ư ỹ Ỹ ắ Ặ đ"), "O u y Y a A d")
        self.assertEqual(encoding.strip_diacritics(VI_RECEIVED),
                         "HCC: Ho so 000.00.12.H64-260213-0001 da duoc tiep nhan, "
                         "hen tra ket qua 17:00 20/02/2026.")

    def test_gsm7_detection(self):
        self.assertTrue(encoding.is_gsm7("Ho so da duoc tiep nhan [x] 100€"))
        self.assertFalse(encoding.is_gsm7("Hồ sơ"))
        self.assertFalse(encoding.is_gsm7("đ"))
        # é and à are in the GSM alphabet, ế is not
        self.assertTrue(encoding.is_gsm7("café à"))
        self.assertFalse(encoding.is_gsm7("hết"))

    def test_segments_vietnamese_message(self):
        self.assertEqual(len(VI_RECEIVED), 89)
        # With diacritics: UCS-2, 89 > 70 -> two parts of 67.
        self.assertEqual(encoding.segments(VI_RECEIVED), ('UCS-2', 2))
        # Stripped, the same notice fits one GSM-7 SMS.
        self.assertEqual(encoding.segments(encoding.strip_diacritics(VI_RECEIVED)), ('GSM-7', 1))

    def test_segment_boundaries(self):
        self.assertEqual(encoding.segments('a' * 160), ('GSM-7', 1))
        self.assertEqual(encoding.segments('a' * 161), ('GSM-7', 2))
        self.assertEqual(encoding.segments('a' * 306), ('GSM-7', 2))
        self.assertEqual(encoding.segments('a' * 307), ('GSM-7', 3))
        # extension characters count double: 80 x '{' = 160 septets
        self.assertEqual(encoding.segments('{' * 80), ('GSM-7', 1))
        self.assertEqual(encoding.segments('{' * 80 + 'a'), ('GSM-7', 2))
        self.assertEqual(encoding.segments('ệ' * 70), ('UCS-2', 1))
        self.assertEqual(encoding.segments('ệ' * 71), ('UCS-2', 2))
        self.assertEqual(encoding.segments('ệ' * 134), ('UCS-2', 2))
        self.assertEqual(encoding.segments('ệ' * 135), ('UCS-2', 3))

    def test_render(self):
        body = encoding.render("HCC: Ho so {code} hen tra {due}. {{ok}}",
                               {'code': 'H64-0001', 'due': '17:00 20/02/2026'})
        self.assertEqual(body, "HCC: Ho so H64-0001 hen tra 17:00 20/02/2026. {ok}")
        with self.assertRaises(encoding.TemplateError) as ctx:
            encoding.render("Ho so {ma_ho_so}", {'code': 'X'})
        self.assertIn('{ma_ho_so}', str(ctx.exception))
        self.assertIn('{code}', str(ctx.exception))
        with self.assertRaises(encoding.TemplateError):
            encoding.render("Ho so {code.__class__}", {'code': 'X'})
        with self.assertRaises(encoding.TemplateError):
            encoding.render("Ho so {code", {'code': 'X'})
