"""SMPP 3.4 transport through smpplib, for direct carrier (SMSC) contracts.

One transport keeps one bound session (bind_transmitter, or
bind_transceiver to get delivery receipts on the same connection) and
sends each SMS as one submit_sm per part:

- data_coding 0 (the SMSC's default alphabet, GSM-7 sent one septet per
  octet) when the text fits GSM 03.38, else 8 (UCS-2, UTF-16BE);
- longer than one SMS (160 septets / 70 UCS-2 characters): parts of 153 /
  67 with a concatenation UDH (esm_class 0x40, IE 00 03 ref total seq),
  the format `smpplib.gsm.make_parts` writes. We cut the parts ourselves
  with smpplib's encoder because make_parts cuts at a fixed byte count and
  can split an escaped GSM character (ESC + char) or a UTF-16 surrogate pair.
- the message id of submit_sm_resp is the provider reference (first part;
  all parts' ids are in SendResult.refs, as receipts arrive per part).

A refused submit_sm was not taken by the SMSC, so a temporary refusal
(throttled, queue full, system error, unknown vendor code) is safe to send
again; bad credentials, source (brandname) or destination are permanent.
No answer within the timeout is a retry too: SMPP has no request id, so in
that one case the SMSC may have taken the SMS and a retry can repeat it.
If a later part of a long SMS is refused, the earlier parts already left;
the result says how many.

Delivery receipts (deliver_sm with esm_class 0x04) are answered with
deliver_sm_resp and read by `parse_delivery_report`, from the
receipted_message_id / message_state TLVs when the SMSC sends them, else
from the text "id:... sub:... dlvrd:... submit date:... done date:...
stat:DELIVRD err:000 text:...". On a transceiver they arrive between our
submits or when `poll_reports` reads the socket; they are never logged (the
text field may carry the start of the SMS).
"""
import logging
import random
import re
import select
import socket

from smpplib import consts, exceptions as smpp_exc, gsm, smpp as smpp_pdu
from smpplib.client import Client

from . import encoding
from .base import (
    DELIVERED, FAILED, PENDING, RETRY, SENT, UNDELIVERED, DeliveryReport,
    GatewayConfigError, ReportFormatError, SendResult, bad_phone_result, valid_phone,
    validate_brandname)

_logger = logging.getLogger(__name__)

DEFAULT_PORT = 2775
DC_GSM7 = consts.SMPP_ENCODING_DEFAULT     # 0
DC_UCS2 = consts.SMPP_ENCODING_ISO10646    # 8
ESM_UDHI = consts.SMPP_GSMFEAT_UDHI        # 0x40
ESM_RECEIPT = 0x04                         # deliver_sm is an SMSC delivery receipt
TON_INTERNATIONAL, NPI_ISDN = 1, 1
TON_ALPHANUMERIC, NPI_UNKNOWN = 5, 0

_NAMES = {value: name[5:] for name, value in vars(consts).items()
          if name.startswith('SMPP_ESME_R')}

PERMANENT_STATUSES = {
    consts.SMPP_ESME_RINVPASWD: 'wrong SMPP password',
    consts.SMPP_ESME_RINVSYSID: 'unknown SMPP system id',
    consts.SMPP_ESME_RBINDFAIL: 'bind refused by the SMSC',
    consts.SMPP_ESME_RINVSYSTYP: 'system type refused',
    consts.SMPP_ESME_RINVSRCADR: 'brandname (source address) refused',
    consts.SMPP_ESME_RINVSRCTON: 'brandname (source address) refused',
    consts.SMPP_ESME_RINVSRCNPI: 'brandname (source address) refused',
    consts.SMPP_ESME_RINVDSTADR: 'invalid destination number',
    consts.SMPP_ESME_RINVDSTTON: 'invalid destination number',
    consts.SMPP_ESME_RINVDSTNPI: 'invalid destination number',
    consts.SMPP_ESME_RINVMSGLEN: 'message length refused',
    consts.SMPP_ESME_RINVESMCLASS: 'message class refused',
    consts.SMPP_ESME_RINVSERTYP: 'service type refused',
    consts.SMPP_ESME_RINVREGDLVFLG: 'delivery receipt request refused',
    consts.SMPP_ESME_RX_P_APPN: 'refused by the carrier (permanent)',
    consts.SMPP_ESME_RX_R_APPN: 'refused by the carrier (permanent)',
}
TEMPORARY_STATUSES = {
    consts.SMPP_ESME_RTHROTTLED: 'throttled by the SMSC',
    consts.SMPP_ESME_RMSGQFUL: 'SMSC message queue full',
    consts.SMPP_ESME_RSYSERR: 'SMSC system error',
    consts.SMPP_ESME_RX_T_APPN: 'temporary carrier error',
    consts.SMPP_ESME_RSUBMITFAIL: 'submit failed at the SMSC',
    consts.SMPP_ESME_RINVBNDSTS: 'session not bound',
    consts.SMPP_ESME_RALYBND: 'session already bound',
    consts.SMPP_ESME_RUNKNOWNERR: 'unknown SMSC error',
}

# SMPP 3.4 message_state values (5.3.2.35) and the receipt's stat words.
MESSAGE_STATES = {1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED',
                  5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD'}
_FINAL_OK = {'DELIVRD'}
_FINAL_FAILED = {'EXPIRED', 'DELETED', 'UNDELIV', 'UNKNOWN', 'REJECTD'}
_NOT_FINAL = {'ENROUTE', 'ACCEPTD'}
_RECEIPT_ID = re.compile(r'\bid:(\S+)', re.I)
_RECEIPT_STAT = re.compile(r'\bstat:(\w+)', re.I)
_RECEIPT_ERR = re.compile(r'\berr:(\w+)', re.I)


class _Refused(Exception):
    """An SMSC answer with a non-zero command_status."""

    def __init__(self, status):
        super(_Refused, self).__init__(status)
        self.status = status


def status_code(status):
    return '0x%08X' % status


def classify_status(status):
    """(SENT/RETRY/FAILED, readable reason) for an SMPP command_status."""
    if status == consts.SMPP_ESME_ROK:
        return SENT, None
    name = _NAMES.get(status, 'vendor code')
    if status in PERMANENT_STATUSES:
        return FAILED, '%s (%s %s)' % (PERMANENT_STATUSES[status], name, status_code(status))
    reason = TEMPORARY_STATUSES.get(status, 'SMSC refused the message')
    return RETRY, '%s (%s %s)' % (reason, name, status_code(status))


def parse_url(url):
    """(host, port) from 'smpp://host:port', 'host:port' or 'host'."""
    rest = (url or '').strip()
    if '://' in rest:
        scheme, rest = rest.split('://', 1)
        if scheme.lower() not in ('smpp', 'tcp'):
            raise GatewayConfigError("An SMPP gateway URL looks like smpp://host:port")
    rest = rest.split('/', 1)[0]
    host, _sep, port = rest.rpartition(':')
    if not _sep:
        host, port = rest, ''
    if not host:
        raise GatewayConfigError("The SMPP gateway has no host")
    try:
        port = int(port) if port else DEFAULT_PORT
    except ValueError:
        raise GatewayConfigError("The SMPP port must be a number")
    return host, port


def _encode_chars(text, ucs2):
    if ucs2:
        return [c.encode('utf-16-be') for c in text]
    return [gsm.gsm_encode(c) for c in text]


def split_message(text, unicode_text=False):
    """(data_coding, esm_class, [short_message bytes]) for one SMS text.

    Parts never cut a character: an escaped GSM character or a surrogate
    pair stays whole, so a part may carry one unit less than the maximum.
    """
    text = text or ''
    ucs2 = bool(unicode_text) or not encoding.is_gsm7(text)
    if ucs2:
        data_coding, single, size = DC_UCS2, consts.UCS2_LENGTH, consts.UCS2_PART_SIZE
    else:
        data_coding, single, size = DC_GSM7, consts.SEVENBIT_LENGTH, consts.SEVENBIT_PART_SIZE
    chars = _encode_chars(text, ucs2)
    whole = b''.join(chars)
    if len(whole) <= single:
        return data_coding, 0, [whole]
    chunks, current = [], b''
    for char in chars:
        if len(current) + len(char) > size:
            chunks.append(current)
            current = b''
        current += char
    if current:
        chunks.append(current)
    if len(chunks) > 255:
        raise smpp_exc.MessageTooLong()
    ref = random.randint(0, 255)
    return data_coding, ESM_UDHI, [
        bytes(bytearray([5, 0, 3, ref, len(chunks), seq])) + chunk
        for seq, chunk in enumerate(chunks, start=1)]


def _text(value):
    if value is None:
        return ''
    if isinstance(value, bytes):
        return value.decode('latin-1')
    return str(value)


def parse_delivery_report(short_message, receipted_message_id=None, message_state=None,
                          esm_class=ESM_RECEIPT):
    """DeliveryReport of one deliver_sm receipt; ReportFormatError when the
    deliver_sm is not a receipt or names no message."""
    if esm_class is not None and not (esm_class & ESM_RECEIPT):
        raise ReportFormatError("deliver_sm is a mobile-originated message, not a receipt")
    text = _text(short_message)
    ref = _text(receipted_message_id).strip('\x00 ')
    if not ref:
        match = _RECEIPT_ID.search(text)
        ref = match and match.group(1)
    stat = MESSAGE_STATES.get(message_state) if message_state else None
    if not stat:
        match = _RECEIPT_STAT.search(text)
        stat = match and match.group(1).upper()
    if not ref or not stat:
        raise ReportFormatError("a delivery receipt needs a message id and a state")
    match = _RECEIPT_ERR.search(text)
    err = match and match.group(1)
    if stat in _FINAL_OK:
        return DeliveryReport(ref, DELIVERED, err, "delivered")
    if stat in _FINAL_FAILED:
        reason = "not delivered (%s)" % stat.lower()
        if err:
            reason += ", carrier error %s" % err
        return DeliveryReport(ref, UNDELIVERED, err, reason)
    if stat in _NOT_FINAL:
        return DeliveryReport(ref, PENDING, err, "on its way (%s)" % stat.lower())
    raise ReportFormatError("unknown receipt state %r" % stat[:10])


def report_from_pdu(pdu):
    """DeliveryReport of a parsed smpplib deliver_sm, or None when it is not one."""
    try:
        return parse_delivery_report(
            getattr(pdu, 'short_message', None),
            getattr(pdu, 'receipted_message_id', None),
            getattr(pdu, 'message_state', None),
            getattr(pdu, 'esm_class', None) or 0)
    except ReportFormatError:
        return None


class SmppGateway(object):
    """One bound SMPP session; `send` never raises for wire problems."""

    def __init__(self, host, port, system_id, password, brandname, system_type='',
                 transceiver=False, timeout=10, registered_delivery=True):
        if not host:
            raise GatewayConfigError("The SMPP gateway has no host")
        if not system_id:
            raise GatewayConfigError("The SMPP gateway has no system id")
        self.host = host
        self.port = int(port or DEFAULT_PORT)
        self.system_id = system_id
        self.password = password or ''
        self.system_type = system_type or ''
        self.brandname = validate_brandname(brandname)
        self.transceiver = transceiver
        self.timeout = timeout
        self.registered_delivery = registered_delivery
        self.client = None
        self.reports = []  # receipts read and acknowledged, not yet taken

    @classmethod
    def from_url(cls, url, system_id, password, brandname, **kwargs):
        host, port = parse_url(url)
        return cls(host, port, system_id, password, brandname, **kwargs)

    # -- session ------------------------------------------------------------

    def _bind(self):
        client = Client(self.host, self.port, timeout=self.timeout,
                        logger_name=__name__ + '.wire', allow_unknown_opt_params=True)
        self.client = client
        client.connect()
        bind = client.bind_transceiver if self.transceiver else client.bind_transmitter
        try:
            bind(system_id=self.system_id, password=self.password,
                 system_type=self.system_type, interface_version=0x34)
        except smpp_exc.PDUError as exc:
            status = exc.args[1] if len(exc.args) > 1 else consts.SMPP_ESME_RBINDFAIL
            raise _Refused(status)

    def _drop(self):
        """Forget the connection without the unbind handshake (it is broken)."""
        client, self.client = self.client, None
        if client is not None:
            sock = client._socket
            client._socket = None  # smpplib warns about an unclosed client otherwise
            client.state = consts.SMPP_CLIENT_STATE_CLOSED
            if sock is not None:
                try:
                    sock.close()
                except OSError:
                    pass

    def close(self):
        """Unbind politely and disconnect."""
        client = self.client
        if client is None:
            return
        try:
            if client.state in (consts.SMPP_CLIENT_STATE_BOUND_TX,
                                consts.SMPP_CLIENT_STATE_BOUND_TRX):
                client.send_pdu(smpp_pdu.make_pdu('unbind', client=client))
                self._read_until(None, want='unbind_resp')
        except (smpp_exc.ConnectionError, smpp_exc.PDUError, OSError, _Refused):
            pass
        self._drop()

    def _answer(self, pdu):
        """Handle a PDU the SMSC sent on its own initiative."""
        client = self.client
        if pdu.command == 'deliver_sm':
            report = report_from_pdu(pdu)
            if report is not None:
                self.reports.append(report)
            resp = smpp_pdu.make_pdu('deliver_sm_resp', client=client)
            resp.sequence = pdu.sequence
            client.send_pdu(resp)
        elif pdu.command == 'enquire_link':
            resp = smpp_pdu.make_pdu('enquire_link_resp', client=client)
            resp.sequence = pdu.sequence
            client.send_pdu(resp)
        elif pdu.command == 'unbind':
            resp = smpp_pdu.make_pdu('unbind_resp', client=client)
            resp.sequence = pdu.sequence
            client.send_pdu(resp)
            raise smpp_exc.ConnectionError("the SMSC unbound")

    def _read_until(self, sequence, want):
        """Read PDUs, answering the SMSC's own, until the `want` response
        (to `sequence` when given) arrives; raises _Refused on its error."""
        client = self.client
        while True:
            pdu = client.read_pdu()
            if pdu.command == want and (sequence is None or pdu.sequence == sequence):
                if pdu.status:
                    raise _Refused(pdu.status)
                return pdu
            if pdu.command == 'generic_nack' and pdu.sequence == sequence:
                raise _Refused(pdu.status or consts.SMPP_ESME_RUNKNOWNERR)
            self._answer(pdu)

    def poll_reports(self, wait=0.0):
        """Receipts waiting on a transceiver session, read for up to `wait`
        seconds after the last one; returns them and forgets them."""
        client = self.client
        try:
            while client is not None and client._socket is not None:
                readable = select.select([client._socket], [], [], wait)[0]
                if not readable:
                    break
                self._answer(client.read_pdu())
        except (smpp_exc.ConnectionError, smpp_exc.PDUError, OSError):
            self._drop()
        reports, self.reports = self.reports, []
        return reports

    # -- sending ------------------------------------------------------------

    def _submit(self, phone, part, data_coding, esm_class):
        pdu = self.client.send_message(
            source_addr_ton=TON_ALPHANUMERIC, source_addr_npi=NPI_UNKNOWN,
            source_addr=self.brandname,
            dest_addr_ton=TON_INTERNATIONAL, dest_addr_npi=NPI_ISDN,
            destination_addr=phone,
            esm_class=esm_class, data_coding=data_coding, short_message=part,
            registered_delivery=1 if self.registered_delivery else 0)
        resp = self._read_until(pdu.sequence, 'submit_sm_resp')
        return _text(resp.message_id).strip('\x00')

    def send(self, phone, text, ref=None, unicode_text=False):
        """Send `text` to `phone` (84xxxxxxxxx); returns a SendResult.

        `ref` (our request id) has no place in SMPP 3.4 and is not sent.
        """
        if not valid_phone(phone):
            return bad_phone_result()
        try:
            data_coding, esm_class, parts = split_message(text, unicode_text)
        except smpp_exc.MessageTooLong:
            return SendResult(FAILED, None, "text longer than 255 SMS", None, 0)
        total = len(parts)
        for attempt in (1, 2):
            reused = self.client is not None
            ids = []
            try:
                if not reused:
                    self._bind()
                for part in parts:
                    ids.append(self._submit(phone, part, data_coding, esm_class))
            except _Refused as exc:
                status, reason = classify_status(exc.status)
                if not ids and self.client is not None and self.client.state not in (
                        consts.SMPP_CLIENT_STATE_BOUND_TX, consts.SMPP_CLIENT_STATE_BOUND_TRX):
                    self._drop()  # the bind itself was refused
                if ids:
                    reason += "; %d of %d parts had been accepted" % (len(ids), total)
                return SendResult(status, ids[0] if ids else None, reason,
                                  status_code(exc.status), total, tuple(ids))
            except socket.timeout:
                # the SMSC may have the part: do not resend on this session
                self._drop()
                return SendResult(RETRY, ids[0] if ids else None,
                                  "no answer from the SMSC within %s s" % self.timeout,
                                  None, total, tuple(ids))
            except (smpp_exc.ConnectionError, smpp_exc.PDUError, OSError) as exc:
                self._drop()
                if attempt == 1 and reused and not ids:
                    continue  # a kept session had gone stale: bind again once
                return SendResult(RETRY, ids[0] if ids else None,
                                  "SMSC connection lost (%s)" % type(exc).__name__,
                                  None, total, tuple(ids))
            return SendResult(SENT, ids[0], None, status_code(consts.SMPP_ESME_ROK), total,
                              tuple(ids))
