"""Our STS client and HTTP layer against the sandbox STS, through tests/tools/sigv4_tool's `sts`
mode (keys from the environment): real TLS with the sandbox CA, signatures verified by botocore on
the server side, AWS errors, retries of dropped connections, timeouts, TLS verification failures
and redaction at the highest verbosity."""
import configparser
import json
import os
import re
import time
from pathlib import Path

import pytest

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))
TOOL = (BIN_DIR.parent / "tests" / "tools" / "sigv4_tool").resolve()
DEPLOYER = "arn:aws:iam::123456789999:role/ci/deployer"


@pytest.fixture
def keys(sandbox):
    creds = configparser.ConfigParser()
    creds.read(Path(sandbox.dir) / ".aws" / "credentials")
    section = creds["ci-bot"]
    return section["aws_access_key_id"], section["aws_secret_access_key"], ""


def sts(sandbox, keys, *args, env=None, drop=()):
    if not TOOL.exists():
        pytest.fail(f"sigv4_tool not built at {TOOL}")
    e = {k: v for k, v in sandbox.env.items() if k not in drop}
    e.update(AWS_ACCESS_KEY_ID=keys[0], AWS_SECRET_ACCESS_KEY=keys[1], AWS_SESSION_TOKEN=keys[2])
    e.update(env or {})
    return sandbox.run([str(TOOL), "sts", *args], env=e)


def sts_posts(sandbox):
    return [r for r in sandbox.requests("sts") if r["method"] == "POST"]


def test_get_caller_identity_matches_the_aws_cli(sandbox, keys):
    r = sts(sandbox, keys, "get-caller-identity")
    assert r.returncode == 0, r.stderr
    ours = json.loads(r.stdout)
    cli = sandbox.aws("sts", "get-caller-identity", "--output", "json", profile="ci-bot")
    assert cli.returncode == 0, cli.stderr
    assert ours == {k: v for k, v in json.loads(cli.stdout).items() if k in ("Arn", "UserId", "Account")}


def test_session_credentials_are_signed_with_the_token(sandbox):
    cred = sandbox.sb.issue_session(DEPLOYER, "sts-client-test")
    r = sts(sandbox, (cred.access_key_id, cred.secret, cred.session_token), "get-caller-identity")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["Arn"] == "arn:aws:sts::123456789999:assumed-role/deployer/sts-client-test"


def test_assume_role_returns_temporary_credentials(sandbox, keys):
    r = sts(sandbox, keys, "assume-role", DEPLOYER, "from-ci")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["AccessKeyId"].startswith("ASIA") and out["HasSecret"] and out["HasSessionToken"]


def test_expired_token_is_one_line_with_a_hint(sandbox):
    cred = sandbox.sb.issue_session(DEPLOYER, "old", seconds=-60)
    r = sts(sandbox, (cred.access_key_id, cred.secret, cred.session_token), "get-caller-identity")
    assert r.returncode == 4
    lines = r.stderr.splitlines()
    assert lines[0].startswith("error: ExpiredToken: ")
    assert lines[1].startswith("hint: ") and "sign in again" in lines[1]


def test_wrong_secret_is_signature_does_not_match(sandbox, keys):
    r = sts(sandbox, (keys[0], "x" * 40, ""), "get-caller-identity")
    assert r.returncode == 4
    assert r.stderr.startswith("error: SignatureDoesNotMatch: ")
    assert "clock" in r.stderr


def test_dropped_connection_and_503_are_retried(sandbox, keys):
    sandbox.sb.log.clear()
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, action="drop")
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, status=503)
    r = sts(sandbox, keys, "get-caller-identity")
    assert r.returncode == 0, r.stderr
    assert len(sts_posts(sandbox)) >= 2


def test_throttling_honours_retry_after(sandbox, keys):
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, status=429, retry_after=1)
    started = time.monotonic()
    r = sts(sandbox, keys, "get-caller-identity")
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - started >= 1.0


def test_request_timeout_is_whole_request_and_named(sandbox, keys):
    sandbox.inject_fault("sts", "POST", path="^/$", count=10, action="delay", delay=3.0)
    started = time.monotonic()
    r = sts(sandbox, keys, "get-caller-identity", env={"SSOMAP_TIMEOUT_MS": "300"})
    elapsed = time.monotonic() - started
    assert r.returncode == 1
    assert re.match(r"error: request to \S+ timed out after 300ms\n", r.stderr), r.stderr
    assert elapsed < 8  # four tries of 300 ms plus bounded backoff, not 4 x 3 s


def test_unknown_ca_is_a_verification_error_never_retried(sandbox, keys):
    sandbox.sb.log.clear()
    r = sts(sandbox, keys, "get-caller-identity", drop=("AWS_CA_BUNDLE",))
    assert r.returncode == 1
    assert re.match(r"error: TLS certificate of \S+ could not be verified: ", r.stderr), r.stderr
    assert "insecure" not in r.stderr.lower() and "skip" not in r.stderr.lower()
    assert "hint: check the CA bundle" in r.stderr
    assert sts_posts(sandbox) == []


def test_verbose_log_shows_requests_but_no_secret(sandbox):
    cred = sandbox.sb.issue_session(DEPLOYER, "verbose")
    r = sts(sandbox, (cred.access_key_id, cred.secret, cred.session_token), "get-caller-identity",
            env={"SSOMAP_VERBOSITY": "9"})
    assert r.returncode == 0, r.stderr
    assert re.search(r"^I POST https://\S+ 200 in \d+ ms$", r.stderr, re.M), r.stderr
    assert "I > Authorization: REDACTED" in r.stderr
    assert "I > X-Amz-Security-Token: REDACTED" in r.stderr
    for secret in (cred.secret, cred.session_token):
        assert secret not in r.stderr and secret not in r.stdout
    assert "Signature=" not in r.stderr


def http(sandbox, url, env=None, drop=()):
    e = {k: v for k, v in sandbox.env.items() if k not in drop}
    e.update(env or {})
    return sandbox.run([str(TOOL), "http", url], env=e)


def test_proxy_from_the_environment_reaches_an_aws_host_name(sandbox, keys):
    # The sandbox proxy routes sts.<region>.amazonaws.com to the sandbox STS; only HTTPS_PROXY gets us there.
    r = sts(sandbox, keys, "get-caller-identity", env={"AWS_ENDPOINT_URL_STS": "https://sts.us-east-2.amazonaws.com"})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["Account"] == "123456789999"


def test_explicit_proxy_wins_over_no_environment(sandbox):
    proxy = sandbox.env["HTTPS_PROXY"]
    r = http(sandbox, "https://sts.us-east-2.amazonaws.com/", env={"SSOMAP_PROXY": proxy},
             drop=("HTTPS_PROXY", "https_proxy"))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"] > 0


def test_tls_server_name_is_what_the_certificate_is_verified_against(sandbox):
    url = sandbox.env["AWS_ENDPOINT_URL_STS"].rstrip("/") + "/"
    port = url.rsplit(":", 1)[1].strip("/")
    ip_url = f"https://127.0.0.1:{port}/"
    ok = http(sandbox, ip_url, env={"SSOMAP_SERVER_NAME": "sts.us-east-1.amazonaws.com"})
    assert ok.returncode == 0, ok.stderr
    bad = http(sandbox, ip_url, env={"SSOMAP_SERVER_NAME": "not-in-the-certificate.example"})
    assert bad.returncode == 1
    assert "TLS certificate of 127.0.0.1:" in bad.stderr and "could not be verified" in bad.stderr
