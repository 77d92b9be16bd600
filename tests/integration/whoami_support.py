"""Helpers for the whoami integration tests: the real binary, an isolated HOME per test (a copy
of the sandbox's, so that token refreshes and caches of one test never leak into another), and
tiny loopback HTTP servers for container credentials and instance metadata."""
import datetime
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))
BIN = BIN_DIR / "kubectl-ssomap"
AWS = os.environ.get("SSOMAP_AWS", "/usr/bin/aws")

ACCOUNT = "123456789999"
ADMIN_ROLE = "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
VIEW_ROLE = "AWSReservedSSO_ViewOnlyAccess_9c1e4b7a3d5f6081"
USER = "alice@example.com"
CI_KEY = "AKIAEKSBOXCIBOT00001"
DEPLOYER = "arn:aws:iam::123456789999:role/ci/deployer"
START_URL = "https://d-9a6712c4f1.awsapps.com/start"
AWS_TIME = "%Y-%m-%dT%H:%M:%SZ"


def sha1(text):
    return hashlib.sha1(text.encode()).hexdigest()


class Home:
    """A private copy of the sandbox HOME's .aws directory, and the environment that uses it."""

    def __init__(self, sandbox, path):
        self.sandbox = sandbox
        self.path = Path(path)
        # Without cli/cache: role credentials the AWS CLI cached in other tests would hide our calls.
        shutil.copytree(Path(sandbox.dir) / ".aws", self.path / ".aws", ignore=shutil.ignore_patterns("cli"))
        self.env = dict(sandbox.env, HOME=str(self.path),
                        AWS_CONFIG_FILE=str(self.path / ".aws" / "config"),
                        AWS_SHARED_CREDENTIALS_FILE=str(self.path / ".aws" / "credentials"))

    @property
    def sso_cache(self):
        return self.path / ".aws" / "sso" / "cache"

    @property
    def cli_cache(self):
        return self.path / ".aws" / "cli" / "cache"

    def token_file(self, key="corp"):
        return self.sso_cache / (sha1(key) + ".json")

    def token(self, key="corp"):
        return json.loads(self.token_file(key).read_text())

    def set_token_expiry(self, key, delta):
        tok = self.token(key)
        tok["expiresAt"] = (datetime.datetime.now(datetime.timezone.utc) + delta).strftime(AWS_TIME)
        self.token_file(key).write_text(json.dumps(tok))

    def append_config(self, text):
        with open(self.path / ".aws" / "config", "a") as f:
            f.write("\n" + text + "\n")

    def ssomap(self, *args, env=None, timeout=60):
        if not BIN.exists():
            pytest.fail(f"kubectl-ssomap not built in {BIN_DIR}")
        return subprocess.run([str(BIN), *args], env=env or self.env, capture_output=True, text=True,
                              timeout=timeout, cwd=self.path)

    def whoami(self, *args, env=None):
        r = self.ssomap("whoami", "-o", "json", *args, env=env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    def aws(self, *args, env=None):
        return subprocess.run([AWS, *args], env=env or self.env, capture_output=True, text=True, timeout=60,
                              cwd=self.path)


def static_env(home, key, secret, token=None, **extra):
    env = dict(home.env, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, **extra)
    if token:
        env["AWS_SESSION_TOKEN"] = token
    return env


class JsonServer:
    """A loopback HTTP server answering with `handler(method, path, headers) -> (status, body)`."""

    def __init__(self, handler):
        self.requests = []
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            def _serve(self):
                outer.requests.append((self.command, self.path, dict(self.headers)))
                status, body = handler(self.command, self.path, self.headers)
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = _serve

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def credentials_json(cred):
    return {"AccessKeyId": cred.access_key_id, "SecretAccessKey": cred.secret, "Token": cred.session_token,
            "Expiration": cred.expires.strftime(AWS_TIME)}


@pytest.fixture
def home(sandbox, tmp_path):
    return Home(sandbox, tmp_path)
