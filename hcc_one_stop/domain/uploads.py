"""What a citizen may upload (PDF, JPEG, PNG), judged by the file's first
bytes, never by its name or the browser's word; and file names made safe to
store and to send back in a Content-Disposition header."""
import os
import re

from .text import fold

# kind -> (magic bytes at offset 0, extension, mimetype)
KINDS = {
    'pdf': (b'%PDF-', '.pdf', 'application/pdf'),
    'jpeg': (b'\xff\xd8\xff', '.jpg', 'image/jpeg'),
    'png': (b'\x89PNG\r\n\x1a\n', '.png', 'image/png'),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
NAME_MAX = 100


def sniff(data):
    """'pdf', 'jpeg' or 'png' from the content's signature, else None."""
    if not isinstance(data, bytes):
        return None
    for kind, (magic, _ext, _mime) in KINDS.items():
        if data.startswith(magic):
            return kind
    return None


def mimetype(kind):
    return KINDS[kind][2]


def safe_filename(name, kind):
    """A short ASCII file name with the extension of the sniffed kind: no
    path, no control or shell characters, nothing the browser could run."""
    base = os.path.basename((name or '').replace('\\', '/')) if isinstance(name, str) else ''
    base = os.path.splitext(base)[0]
    base = re.sub(r'[^A-Za-z0-9._-]+', '-', fold(base).replace(' ', '-')).strip('.-_')
    return (base[:NAME_MAX - 5] or 'tep') + KINDS[kind][1]


def check(data, max_bytes=DEFAULT_MAX_BYTES):
    """(kind, None) for an acceptable file, or (None, reason) with reason in
    'empty', 'too_large', 'type'."""
    if not data:
        return None, 'empty'
    if len(data) > max_bytes:
        return None, 'too_large'
    kind = sniff(data)
    if not kind:
        return None, 'type'
    return kind, None
