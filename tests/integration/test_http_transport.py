"""CurlTransport against a plain local HTTP server (no sandbox): redirects are not followed,
response header names arrive lower-cased, and a server that hangs up is a one-line error."""
import http.server
import json
import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))
TOOL = (BIN_DIR.parent / "tests" / "tools" / "sigv4_tool").resolve()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/final")
            self.send_header("X-Mixed-Case", "Kept Value")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/hangup":
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            body = b"final"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def get(url):
    if not TOOL.exists():
        pytest.fail(f"sigv4_tool not built at {TOOL}")
    env = {"PATH": "/usr/bin:/bin", "NO_PROXY": "*"}
    return subprocess.run([str(TOOL), "http", url], env=env, capture_output=True, text=True, timeout=30)


def test_redirects_are_returned_not_followed(server):
    r = get(server + "/redirect")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["status"] == 302
    assert out["headers"]["location"] == "/final"
    assert out["headers"]["x-mixed-case"] == "Kept Value"


def test_plain_get(server):
    out = json.loads(get(server + "/final").stdout)
    assert out["status"] == 200 and out["body"] == "final"


def test_hangup_is_one_line_naming_the_host(server):
    r = get(server + "/hangup")
    assert r.returncode == 1
    assert r.stderr.startswith("error: connection to 127.0.0.1:") and r.stderr.count("\n") == 1, r.stderr
