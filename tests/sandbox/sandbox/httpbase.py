"""HTTPS servers on 127.0.0.1 and the request handler every service builds on.

The base handler reads the request, answers the control routes under /_sandbox/, applies
injected faults, logs the request, then calls the service's `route()`.
"""
import http.server
import io
import json
import socket
import ssl
import struct
import threading
import time
import urllib.parse
import uuid


class TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, handler, ssl_context, sandbox, port=0):
        super().__init__(("127.0.0.1", port), handler)
        self.sandbox = sandbox
        self.ssl_context = ssl_context
        self.thread = None

    def get_request(self):
        sock, addr = self.socket.accept()
        return sock, addr

    def finish_request(self, request, client_address):
        # TLS handshake in the worker thread, so a slow client cannot block accept().
        try:
            request.settimeout(30)
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        pass

    @property
    def port(self):
        return self.server_address[1]

    def start(self):
        self.thread = threading.Thread(target=self.serve_forever, args=(0.1,), daemon=True,
                                       name="eksbox-%s" % self.RequestHandlerClass.service)
        self.thread.start()

    def stop(self):
        self.shutdown()
        self.server_close()


def server_context(cert, key, ca=None, client_auth=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if client_auth:
        ctx.load_verify_locations(ca)
        ctx.verify_mode = ssl.CERT_OPTIONAL
    return ctx


class BaseHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real API servers and AWS endpoints set it: headers and body go out in
    # separate writes, and with Nagle on, the client's delayed ACK held every answer ~40 ms.
    disable_nagle_algorithm = True
    service = "base"
    server_version = "eksbox"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    # ---- plumbing ---------------------------------------------------------------------
    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    @property
    def sandbox(self):
        return self.server.sandbox

    def _dispatch(self):
        self.request_id = str(uuid.uuid4())
        split = urllib.parse.urlsplit(self.path)
        self.url_path, self.query_string = split.path, split.query
        self.query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        self.body = self._read_body()
        self.status_sent = None
        if self.url_path.startswith("/_sandbox/"):
            return self.sandbox.control.handle(self)
        fault = self.sandbox.faults.take(self.service, self.command, self.path, self.body)
        if fault and fault.action == "drop":
            self._log(0)
            return self._reset()
        if fault and fault.action == "drop_after":
            return self._serve_then_drop()
        if fault and fault.action == "delay":
            time.sleep(fault.delay)
            fault = None
        if fault and fault.action == "error":
            self.fault_error(fault)
        elif fault:
            self.fault_response(fault.status, fault.retry_after)
        else:
            try:
                self.route()
            except Exception as exc:  # a bug in the sandbox: answer 500, keep serving
                import traceback
                traceback.print_exc()
                if self.status_sent is None:
                    self.send_json(500, {"message": "eksbox internal error: %r" % exc})
        self._log(self.status_sent)

    def _serve_then_drop(self):
        """Serve the request (a write is applied), then reset the connection instead of sending
        the answer: the reply to a successful write is lost."""
        wfile, self.wfile = self.wfile, io.BytesIO()
        try:
            self.route()
        except Exception:  # a bug in the sandbox: the connection is reset all the same
            import traceback
            traceback.print_exc()
        finally:
            self.wfile = wfile
        self._log(0)
        self._reset()

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass            # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _log(self, status):
        self.sandbox.log.add(service=self.service, method=self.command, path=self.path,
                             status=status, time=time.time())

    def _reset(self):
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    # ---- responses --------------------------------------------------------------------
    def send_body(self, status, body, content_type, headers=None):
        if isinstance(body, str):
            body = body.encode()
        self.status_sent = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, headers=None, content_type="application/json"):
        self.send_body(status, json.dumps(obj), content_type, headers)

    def json_body(self):
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return None

    def fault_response(self, status, retry_after):
        """An injected failure; services override this to shape the body."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.send_json(status, {"message": "injected fault"}, headers)

    def fault_error(self, fault):
        """An injected error with the fault's code and message; services shape the body."""
        self.send_json(fault.status, {"message": fault.message, "code": fault.code},
                       {"x-amzn-ErrorType": fault.code})

    def route(self):
        self.send_json(404, {"message": "not found"})
