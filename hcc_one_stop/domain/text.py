"""Text folding for searches typed with or without Vietnamese diacritics."""
import re
import unicodedata


def fold(text):
    """Lower case without Vietnamese diacritics (đ -> d), spaces squeezed:
    'Đăng ký khai sinh' -> 'dang ky khai sinh'. What the catalogue search
    compares, so a query typed without accents finds the procedure."""
    if not isinstance(text, str):
        return ''
    text = text.replace('đ', 'd').replace('Đ', 'D')
    text = unicodedata.normalize('NFKD', text)
    text = ''.join(c for c in text if not unicodedata.combining(c))
    return ' '.join(re.sub(r'[^\w]+', ' ', text.lower()).split())
