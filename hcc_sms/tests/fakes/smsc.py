"""A small SMS centre speaking SMPP 3.4 on 127.0.0.1 (written from the
specification with struct, not with the client library under test).

bind_transmitter / bind_transceiver (bind_receiver too) -> *_resp, status
ESME_RINVPASWD for a wrong password, ESME_RINVSYSID for an unknown
system_id; submit_sm -> submit_sm_resp with a message id; enquire_link ->
enquire_link_resp; unbind -> unbind_resp and close; deliver_sm_resp is
recorded; anything else -> generic_nack. submit_sm from an unbound session
-> ESME_RINVBNDSTS. On a transceiver bind, with `auto_receipt` set to a
stat word ('DELIVRD', 'UNDELIV', ...), each accepted part is followed by a
deliver_sm receipt; `send_receipt(message_id, ...)` sends one on demand.

Faults (set_fault(kind, times=None)), played on submit_sm: 'throttle'
(ESME_RTHROTTLED), 'queue_full' (ESME_RMSGQFUL), 'bad_destination'
(ESME_RINVDSTADR), 'bad_source' (ESME_RINVSRCADR), 'system_error'
(ESME_RSYSERR), 'slow' (no answer for slow_seconds), 'drop' (closes the
connection without answering); on bind: 'bind_drop'.

Counting: `binds` (command, system_id, accepted), `submits` (one dict per
submit_sm part: destination, source, data_coding, esm_class, udh, payload,
message_id or None when refused), `receipt_acks` (message ids whose
receipt was acknowledged); `messages()` reassembles accepted parts into
(destination, text) and `duplicates()` lists those accepted more than once.
"""
import collections
import itertools
import socket
import socketserver
import struct
import threading
import time

BIND_RECEIVER, BIND_TRANSMITTER, SUBMIT_SM, DELIVER_SM, UNBIND = 0x01, 0x02, 0x04, 0x05, 0x06
BIND_TRANSCEIVER, ENQUIRE_LINK, GENERIC_NACK, RESP = 0x09, 0x15, 0x80000000, 0x80000000
BINDS = {BIND_RECEIVER: 'bind_receiver', BIND_TRANSMITTER: 'bind_transmitter',
         BIND_TRANSCEIVER: 'bind_transceiver'}

ESME_ROK, ESME_RINVCMDID, ESME_RINVBNDSTS = 0x00, 0x03, 0x04
ESME_RSYSERR, ESME_RINVSRCADR, ESME_RINVDSTADR = 0x08, 0x0A, 0x0B
ESME_RINVPASWD, ESME_RINVSYSID, ESME_RMSGQFUL, ESME_RTHROTTLED = 0x0E, 0x0F, 0x14, 0x58
SUBMIT_FAULTS = {'throttle': ESME_RTHROTTLED, 'queue_full': ESME_RMSGQFUL,
                 'bad_destination': ESME_RINVDSTADR, 'bad_source': ESME_RINVSRCADR,
                 'system_error': ESME_RSYSERR}
TLV_RECEIPTED_MESSAGE_ID, TLV_MESSAGE_STATE = 0x001E, 0x0427
STATES = {'ENROUTE': 1, 'DELIVRD': 2, 'EXPIRED': 3, 'DELETED': 4, 'UNDELIV': 5,
          'ACCEPTD': 6, 'UNKNOWN': 7, 'REJECTD': 8}


def pdu(command_id, status, sequence, body=b''):
    return struct.pack('>IIII', 16 + len(body), command_id, status, sequence) + body


def cstr(value):
    return (value or '').encode('latin-1') + b'\x00'


class _Reader(object):
    def __init__(self, data):
        self.data, self.pos = data, 0

    def cstr(self):
        end = self.data.index(b'\x00', self.pos)
        value = self.data[self.pos:end].decode('latin-1')
        self.pos = end + 1
        return value

    def byte(self):
        value = self.data[self.pos]
        self.pos += 1
        return value

    def take(self, n):
        value = self.data[self.pos:self.pos + n]
        self.pos += n
        return value


def parse_submit(body):
    r = _Reader(body)
    out = {'service_type': r.cstr(), 'source_ton': r.byte(), 'source_npi': r.byte(),
           'source': r.cstr(), 'dest_ton': r.byte(), 'dest_npi': r.byte(),
           'destination': r.cstr(), 'esm_class': r.byte(), 'protocol_id': r.byte(),
           'priority': r.byte(), 'schedule': r.cstr(), 'validity': r.cstr(),
           'registered_delivery': r.byte(), 'replace': r.byte(), 'data_coding': r.byte(),
           'default_msg_id': r.byte()}
    length = r.byte()
    short_message = r.take(length)
    udh = b''
    if out['esm_class'] & 0x40 and short_message:
        udh = short_message[:short_message[0] + 1]
        short_message = short_message[len(udh):]
    out.update(udh=udh, payload=short_message)
    return out


def decode(data_coding, payload):
    if data_coding == 8:
        return payload.decode('utf-16-be')
    # GSM-7 one septet per octet: enough of the table for the tests' texts
    table = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
             "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    ext = {0x14: '^', 0x28: '{', 0x29: '}', 0x2F: '\\', 0x3C: '[', 0x3D: '~', 0x3E: ']',
           0x40: '|', 0x65: '€', 0x0A: '\f'}
    out, escape = [], False
    for octet in bytearray(payload):
        if escape:
            out.append(ext.get(octet, '?'))
            escape = False
        elif octet == 0x1B:
            escape = True
        else:
            out.append(table[octet] if octet < len(table) else '?')
    return ''.join(out)


class FakeSmsc(object):

    slow_seconds = 3.0

    def __init__(self, accounts=None, auto_receipt=None):
        self.accounts = dict(accounts or {'hcc': 'secret'})
        self.auto_receipt = auto_receipt
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.fault = None
        self.fault_times = None
        self.binds = []
        self.submits = []
        self.receipt_acks = []
        self.enquire_links = 0
        self.sessions = set()
        self.owner = {}  # message id -> session that submitted it
        self._ids = itertools.count(0x1000)
        self._seq = itertools.count(1)
        fake = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                fake._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):
                pass  # a client hanging up mid-PDU is an expected event here

        self.server = Server(('127.0.0.1', 0), Handler)
        self.host, self.port = self.server.server_address
        self.url = 'smpp://%s:%d' % (self.host, self.port)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()

    # -- control ------------------------------------------------------------

    def set_fault(self, kind, times=None):
        with self.lock:
            self.fault, self.fault_times = kind, times

    def _take_fault(self, kinds):
        with self.lock:
            kind = self.fault
            if kind not in kinds:
                return None
            if self.fault_times is not None:
                self.fault_times -= 1
                if self.fault_times <= 0:
                    self.fault, self.fault_times = None, None
            return kind

    def stop(self):
        self.stopping.set()
        self.server.shutdown()
        for session in list(self.sessions):
            session.close()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- what was received --------------------------------------------------

    def accepted(self):
        return [s for s in self.submits if s['message_id']]

    def messages(self):
        """(destination, text) of each accepted SMS, long ones reassembled."""
        out, pending = [], collections.OrderedDict()
        for s in self.accepted():
            text = decode(s['data_coding'], s['payload'])
            udh = bytearray(s['udh'])
            if len(udh) >= 6 and udh[1] == 0:  # IE 00: 8-bit concatenation reference
                ref, total, seq = udh[3], udh[4], udh[5]
                parts = pending.setdefault((s['destination'], ref, total), {})
                parts[seq] = text
                if len(parts) == total:
                    out.append((s['destination'], ''.join(parts[i] for i in sorted(parts))))
                    del pending[(s['destination'], ref, total)]
            else:
                out.append((s['destination'], text))
        return out

    def duplicates(self):
        counts = collections.Counter(self.messages())
        return [key for key, n in counts.items() if n > 1]

    # -- the wire -----------------------------------------------------------

    def _serve(self, sock):
        session = _Session(sock)
        with self.lock:
            self.sessions.add(session)
        try:
            while not self.stopping.is_set():
                header = session.recv(16)
                if header is None:
                    return
                length, command_id, _status, seq = struct.unpack('>IIII', header)
                body = session.recv(length - 16) if length > 16 else b''
                if body is None:
                    return
                if not self._dispatch(session, command_id, seq, body):
                    return
        finally:
            with self.lock:
                self.sessions.discard(session)
            session.close()

    def _dispatch(self, session, command_id, seq, body):
        if command_id in BINDS:
            r = _Reader(body)
            system_id, password = r.cstr(), r.cstr()
            if self._take_fault(('bind_drop',)):
                return False
            if system_id not in self.accounts:
                status = ESME_RINVSYSID
            elif self.accounts[system_id] != password:
                status = ESME_RINVPASWD
            else:
                status = ESME_ROK
                session.bound = BINDS[command_id]
            with self.lock:
                self.binds.append((BINDS[command_id], system_id, status == ESME_ROK))
            session.send(pdu(command_id | RESP, status, seq, cstr('FAKESMSC')))
            return True
        if command_id == SUBMIT_SM:
            return self._submit(session, seq, body)
        if command_id == ENQUIRE_LINK:
            with self.lock:
                self.enquire_links += 1
            session.send(pdu(ENQUIRE_LINK | RESP, ESME_ROK, seq))
            return True
        if command_id == UNBIND:
            session.send(pdu(UNBIND | RESP, ESME_ROK, seq))
            return False
        if command_id == DELIVER_SM | RESP:
            with self.lock:
                message_id = session.receipts.pop(seq, None)
                if message_id:
                    self.receipt_acks.append(message_id)
            return True
        session.send(pdu(GENERIC_NACK, ESME_RINVCMDID, seq))
        return True

    def _submit(self, session, seq, body):
        if session.bound not in ('bind_transmitter', 'bind_transceiver'):
            session.send(pdu(SUBMIT_SM | RESP, ESME_RINVBNDSTS, seq))
            return True
        submit = parse_submit(body)
        fault = self._take_fault(('slow', 'drop') + tuple(SUBMIT_FAULTS))
        submit['message_id'] = None
        if fault == 'drop':
            with self.lock:
                self.submits.append(submit)
            return False
        if fault == 'slow':
            self.stopping.wait(self.slow_seconds)
        if fault in SUBMIT_FAULTS:
            with self.lock:
                self.submits.append(submit)
            # SMPP 3.4: no body in a submit_sm_resp that carries an error
            session.send(pdu(SUBMIT_SM | RESP, SUBMIT_FAULTS[fault], seq))
            return True
        with self.lock:
            message_id = '%X' % next(self._ids)
            submit['message_id'] = message_id
            self.submits.append(submit)
            self.owner[message_id] = session
        session.send(pdu(SUBMIT_SM | RESP, ESME_ROK, seq, cstr(message_id)))
        if self.auto_receipt and session.bound == 'bind_transceiver':
            self.send_receipt(message_id, self.auto_receipt)
        return True

    def send_receipt(self, message_id, stat='DELIVRD', err='000', tlvs=True):
        """A deliver_sm receipt for `message_id` on the session that sent it."""
        with self.lock:
            session = self.owner.get(message_id)
            submit = next((s for s in self.submits if s['message_id'] == message_id), None)
        if session is None or submit is None or session.bound != 'bind_transceiver':
            return False
        now = time.strftime('%y%m%d%H%M')
        text = ('id:%s sub:001 dlvrd:%s submit date:%s done date:%s stat:%s err:%s text:'
                % (message_id, '001' if stat == 'DELIVRD' else '000', now, now, stat, err))
        text = text.encode('latin-1')
        body = (cstr('') + bytes([1, 1]) + cstr(submit['destination'])
                + bytes([5, 0]) + cstr(submit['source'])
                + bytes([0x04, 0, 0]) + cstr('') + cstr('') + bytes([0, 0, 0, 0])
                + bytes([len(text)]) + text)
        if tlvs:
            rid = cstr(message_id)
            body += struct.pack('>HH', TLV_RECEIPTED_MESSAGE_ID, len(rid)) + rid
            body += struct.pack('>HHB', TLV_MESSAGE_STATE, 1, STATES.get(stat, 7))
        seq = next(self._seq)
        with self.lock:
            session.receipts[seq] = message_id
        return session.send(pdu(DELIVER_SM, ESME_ROK, seq, body))


class _Session(object):
    """One client connection; sends are locked (receipts come from other threads)."""

    def __init__(self, sock):
        self.sock = sock
        self.bound = None
        self.receipts = {}  # deliver_sm sequence -> message id
        self.lock = threading.Lock()

    def recv(self, n):
        chunks, got = [], 0
        while got < n:
            try:
                chunk = self.sock.recv(n - got)
            except OSError:
                return None
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b''.join(chunks)

    def send(self, data):
        with self.lock:
            try:
                self.sock.sendall(data)
                return True
            except OSError:
                return False

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass
