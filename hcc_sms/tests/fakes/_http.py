"""A quiet threaded HTTP server with switchable faults, shared by the fakes."""
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn


class _QuietServer(ThreadingMixIn, HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that timed out and hung up is an expected event here, and
        # socketserver would print its traceback to stderr
        pass


class FaultSwitch(object):
    """The fault to play on the next requests: `kind` for `times` requests
    (None: until cleared)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.kind = None
        self.times = None

    def set(self, kind, times=None):
        with self.lock:
            self.kind, self.times = kind, times

    def take(self):
        """The fault for this request (and count it down)."""
        with self.lock:
            kind = self.kind
            if kind and self.times is not None:
                self.times -= 1
                if self.times <= 0:
                    self.kind, self.times = None, None
            return kind


class FakeHttpServer(object):
    """Base of the HTTP fakes: subclasses implement handle_post(handler,
    body) -> (status, content_type, bytes) and may implement handle_get."""

    path = '/'
    slow_seconds = 3.0

    def __init__(self):
        self.fault = FaultSwitch()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.0'

            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length)
                answer = fake.handle_post(self, body)
                if answer is None:  # the fake hangs up without a word
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                self._reply(*answer)

            def do_GET(self):
                answer = fake.handle_get(self)
                if answer is None:
                    self.send_error(404)
                    return
                self._reply(*answer)

            def _reply(self, status, content_type, data):
                try:
                    self.send_response(status)
                    self.send_header('Content-Type', content_type)
                    self.send_header('Content-Length', str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout fault)
                    pass

            def log_message(self, *args):
                pass  # quiet: request lines would reach the test logs

        self.server = _QuietServer(('127.0.0.1', 0), Handler)
        self.port = self.server.server_address[1]
        self.base_url = 'http://127.0.0.1:%d' % self.port
        self.url = self.base_url + self.path
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()

    def set_fault(self, kind, times=None):
        self.fault.set(kind, times)

    def sleep(self):
        """The 'slow' fault: answer after the client's timeout (cut short by stop)."""
        self.stopping.wait(self.slow_seconds)

    def handle_get(self, handler):
        return None

    def stop(self):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
