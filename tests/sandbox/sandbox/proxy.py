"""An HTTPS CONNECT proxy on 127.0.0.1 that routes AWS host names to the sandbox servers.

Clients that cannot be pointed at the sandbox by AWS_ENDPOINT_URL_* (the Debian AWS CLI 2.9,
for one) still honour HTTPS_PROXY: they open `CONNECT sts.us-east-2.amazonaws.com:443`, and
this proxy splices the tunnel to the sandbox server for that service, whose certificate (from
the sandbox CA) names the AWS host. Any other host is refused: nothing leaves the machine.
"""
import re
import select
import socket
import socketserver
import threading

ROUTES = [
    (re.compile(r"^sts(-fips)?(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$"), "sts"),
    (re.compile(r"^portal\.sso\.[a-z0-9-]+\.amazonaws\.com$"), "sso"),
    (re.compile(r"^oidc\.[a-z0-9-]+\.amazonaws\.com$"), "sso-oidc"),
    (re.compile(r"^iam\.amazonaws\.com$"), "iam"),
    (re.compile(r"^(eks|fips\.eks)\.[a-z0-9-]+\.amazonaws\.com$"), "eks"),
]


def service_for_host(host):
    for pattern, service in ROUTES:
        if pattern.match(host.lower()):
            return service
    return None


class _Handler(socketserver.StreamRequestHandler):
    disable_nagle_algorithm = True   # a tunnel adds no latency of its own (see httpbase)

    def handle(self):
        line = self.rfile.readline(8192).decode("latin-1").strip()
        while True:  # skip the request headers
            h = self.rfile.readline(8192)
            if not h or h in (b"\r\n", b"\n"):
                break
        parts = line.split()
        if len(parts) < 2 or parts[0].upper() != "CONNECT":
            return self._refuse(405, "eksbox proxy only tunnels CONNECT requests")
        host, _, port = parts[1].rpartition(":")
        service = service_for_host(host)
        target = self.server.ports.get(service)
        self.server.sandbox.log.add(service="proxy", method="CONNECT", path=parts[1],
                                    status=200 if target else 403, time=0)
        if not target or port != "443":
            return self._refuse(403, "eksbox proxy: %s is not served by the sandbox" % parts[1])
        upstream = socket.create_connection(("127.0.0.1", target))
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        self._splice(self.connection, upstream)

    def _refuse(self, status, message):
        body = (message + "\n").encode()
        self.wfile.write(b"HTTP/1.1 %d Refused\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                         % (status, len(body), body))

    @staticmethod
    def _splice(a, b):
        socks = [a, b]
        try:
            while True:
                readable, _, broken = select.select(socks, [], socks, 120)
                if broken or not readable:
                    return
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    (b if s is a else a).sendall(data)
        except OSError:
            return
        finally:
            b.close()


class ConnectProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sandbox, ports):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.sandbox, self.ports = sandbox, ports

    @property
    def port(self):
        return self.server_address[1]

    def start(self):
        threading.Thread(target=self.serve_forever, args=(0.1,), daemon=True,
                         name="eksbox-proxy").start()

    def stop(self):
        self.shutdown()
        self.server_close()
