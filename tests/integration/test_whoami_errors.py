"""whoami and STS errors: every AWS error becomes one line with the AWS code and a hint, exit 4
for credential problems; throttling, 5xx and dropped connections are retried; --request-timeout
holds."""
import time

from whoami_support import ACCOUNT, CI_KEY, DEPLOYER, home, static_env  # noqa: F401


def run(home, env):
    r = home.ssomap("whoami", env=env)
    assert r.stdout == ""
    assert r.stderr.startswith("error: ")
    return r


def test_expired_session_token(home, sandbox):
    cred = sandbox.sb.issue_session(DEPLOYER, "old", seconds=-60)
    r = run(home, static_env(home, cred.access_key_id, cred.secret, cred.session_token))
    assert r.returncode == 4
    assert "ExpiredToken" in r.stderr
    assert "hint:" in r.stderr


def test_unknown_access_key(home):
    r = run(home, static_env(home, "AKIAUNKNOWNKEY000000", "x" * 40))
    assert r.returncode == 4
    assert "InvalidClientTokenId" in r.stderr
    assert "hint:" in r.stderr


def test_wrong_secret(home):
    r = run(home, static_env(home, CI_KEY, "wrong" * 8))
    assert r.returncode == 4
    assert "SignatureDoesNotMatch" in r.stderr
    assert "hint:" in r.stderr


def test_sso_role_credentials_rejected_by_sts_name_the_login(home, sandbox):
    # Cached role credentials that STS no longer accepts (expired on the server side).
    home.whoami("--profile", "test-profile")
    import json
    for f in home.cli_cache.glob("*.json"):
        entry = json.loads(f.read_text())
        stale = sandbox.sb.issue_session(
            f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/us-east-2/"
            "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7", "x", seconds=-1)
        entry["Credentials"].update(AccessKeyId=stale.access_key_id, SecretAccessKey=stale.secret,
                                    SessionToken=stale.session_token)
        f.write_text(json.dumps(entry))
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert r.returncode == 4
    assert "ExpiredToken" in r.stderr
    assert "hint: aws sso login --profile test-profile" in r.stderr


def test_throttling_and_5xx_are_retried(home, sandbox):
    sandbox.sb.log.clear()
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, status=429, retry_after=0)
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, status=503)
    out = home.whoami("--profile", "ci-bot")
    assert out["account"] == ACCOUNT
    assert [e["status"] for e in sandbox.requests("sts")] == [429, 503, 200]


def test_dropped_connection_is_retried(home, sandbox):
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, action="drop")
    assert home.whoami("--profile", "ci-bot")["account"] == ACCOUNT


def test_persistent_503_gives_up_with_one_line(home, sandbox):
    sandbox.inject_fault("sts", "POST", path="^/$", count=50, status=503)
    r = home.ssomap("whoami", "--profile", "ci-bot")
    assert r.returncode == 1
    assert r.stderr.startswith("error: ") and "ServiceUnavailable" in r.stderr
    assert len([line for line in r.stderr.splitlines() if line.startswith("error:")]) == 1


def test_request_timeout(home, sandbox):
    sandbox.inject_fault("sts", "POST", path="^/$", count=50, action="delay", delay=5)
    started = time.monotonic()
    r = home.ssomap("--request-timeout", "500ms", "whoami", "--profile", "ci-bot")
    assert r.returncode != 0
    assert time.monotonic() - started < 4.5
    assert r.stderr.startswith("error: ")
