"""whoami with IAM Identity Center profiles: both profile forms, the CLI's caches, refresh and
rotation of the sso-session token, expiry and sign-out."""
import datetime
import json
import os
import stat

from whoami_support import ACCOUNT, ADMIN_ROLE, START_URL, USER, VIEW_ROLE, home, sha1  # noqa: F401

MIN = datetime.timedelta(minutes=1)


def sso_requests(sandbox, service):
    return [e for e in sandbox.requests(service)]


def test_sso_session_profile(home):
    out = home.whoami("--profile", "test-profile")
    assert out == {
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{ADMIN_ROLE}/{USER}",
        "userId": out["userId"],
        "account": ACCOUNT,
        "sessionName": USER,
        "awsAuthArn": f"arn:aws:iam::{ACCOUNT}:role/{ADMIN_ROLE}",
        "permissionSet": "AdministratorAccess",
        "profile": "test-profile",
        "credentialSource": "sso",
        "assumedRole": None,
        "identity": "profile test-profile (--profile)",
        "identityNote": None,
    }
    assert out["userId"].startswith("AROA") and out["userId"].endswith(":" + USER)


def test_legacy_profile(home):
    out = home.whoami("--profile", "legacy-sso")
    assert out["awsAuthArn"] == f"arn:aws:iam::{ACCOUNT}:role/{ADMIN_ROLE}"
    assert out["credentialSource"] == "sso"


def test_view_only_and_other_account(home):
    assert home.whoami("--profile", "dev-sso")["awsAuthArn"] == f"arn:aws:iam::{ACCOUNT}:role/{VIEW_ROLE}"
    assert home.whoami("--profile", "prod-sso")["account"] == "210987654321"


def test_profile_from_aws_profile_and_aws_default_profile(home):
    env = dict(home.env, AWS_PROFILE="dev-sso", AWS_DEFAULT_PROFILE="test-profile")
    assert home.whoami(env=env)["profile"] == "dev-sso"
    env = dict(home.env, AWS_DEFAULT_PROFILE="dev-sso")
    assert home.whoami(env=env)["permissionSet"] == "ViewOnlyAccess"


def test_same_identity_as_the_aws_cli(home):
    for profile in ("test-profile", "legacy-sso", "dev-sso", "prod-sso", "ci-bot"):
        ours = home.whoami("--profile", profile)
        r = home.aws("sts", "get-caller-identity", "--profile", profile, "--output", "json")
        assert r.returncode == 0, r.stderr
        theirs = json.loads(r.stdout)
        assert (ours["arn"], ours["userId"], ours["account"]) == (theirs["Arn"], theirs["UserId"],
                                                                  theirs["Account"])


def test_role_credentials_cached_like_the_cli_second_run_no_portal_call(home, sandbox):
    sandbox.sb.log.clear()
    home.whoami("--profile", "test-profile")
    key = sha1(json.dumps({"accountId": ACCOUNT, "roleName": "AdministratorAccess", "sessionName": "corp"},
                          sort_keys=True, separators=(",", ":")))
    entry = json.loads((home.cli_cache / (key + ".json")).read_text())
    assert entry["ProviderType"] == "sso"
    assert entry["Credentials"]["Expiration"].endswith("Z")
    assert stat.S_IMODE(os.stat(home.cli_cache / (key + ".json")).st_mode) == 0o600
    assert len(sandbox.requests("sso")) == 1
    home.whoami("--profile", "test-profile")
    assert len(sandbox.requests("sso")) == 1
    # The AWS CLI reads the same cache entry: it makes no portal call either.
    r = home.aws("sts", "get-caller-identity", "--profile", "test-profile")
    assert r.returncode == 0, r.stderr
    assert len(sandbox.requests("sso")) == 1


def test_legacy_cache_key_uses_the_start_url(home):
    home.whoami("--profile", "legacy-sso")
    key = sha1(json.dumps({"accountId": ACCOUNT, "roleName": "AdministratorAccess", "startUrl": START_URL},
                          sort_keys=True, separators=(",", ":")))
    assert (home.cli_cache / (key + ".json")).exists()


def test_refresh_inside_15_minutes_rotates_and_writes_back(home, sandbox):
    try:
        home.set_token_expiry("corp", 5 * MIN)
        before = home.token("corp")
        sandbox.sb.log.clear()
        out = home.whoami("--profile", "test-profile")
        assert out["credentialSource"] == "sso"
        assert [e["path"] for e in sandbox.requests("sso-oidc")] == ["/token"]
        after = home.token("corp")
        assert after["accessToken"] != before["accessToken"]
        assert after["refreshToken"] != before["refreshToken"]
        assert after["clientId"] == before["clientId"] and after["clientSecret"] == before["clientSecret"]
        expires = datetime.datetime.strptime(after["expiresAt"], "%Y-%m-%dT%H:%M:%SZ")
        assert expires > datetime.datetime.utcnow() + datetime.timedelta(hours=1)
        assert stat.S_IMODE(os.stat(home.token_file("corp")).st_mode) == 0o600
        # The rotated token is what the AWS CLI now finds, and it works.
        r = home.aws("sts", "get-caller-identity", "--profile", "dev-sso")
        assert r.returncode == 0, r.stderr
    finally:
        sandbox.sb.sso_login()


def test_refresh_failure_inside_the_last_10_minutes_is_an_auth_error(home, sandbox):
    tok = home.token("corp")
    tok["refreshToken"] = "aorAAAAA-revoked"
    tok["expiresAt"] = (datetime.datetime.utcnow() + 5 * MIN).strftime("%Y-%m-%dT%H:%M:%SZ")
    home.token_file("corp").write_text(json.dumps(tok))
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert r.returncode == 4
    assert "InvalidGrantException" in r.stderr
    assert "hint: aws sso login --profile test-profile" in r.stderr


def test_refresh_failure_with_time_left_uses_the_current_token(home, sandbox):
    home.set_token_expiry("corp", 12 * MIN)
    sandbox.inject_fault("sso-oidc", "POST", path="/token", count=5, status=500)
    assert home.whoami("--profile", "test-profile")["credentialSource"] == "sso"


def test_expired_legacy_login(home):
    home.set_token_expiry(START_URL, -MIN)
    r = home.ssomap("whoami", "--profile", "legacy-sso")
    assert r.returncode == 4, r.stderr
    assert r.stdout == ""
    assert r.stderr.startswith("error: ") and "expired" in r.stderr
    assert "hint: aws sso login --profile legacy-sso" in r.stderr


def test_expired_session_token_without_refresh_token(home):
    tok = home.token("corp")
    del tok["refreshToken"]
    tok["expiresAt"] = "2020-01-01T00:00:00Z"
    home.token_file("corp").write_text(json.dumps(tok))
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert r.returncode == 4
    assert "hint: aws sso login --profile test-profile" in r.stderr


def test_not_logged_in(home):
    home.token_file("corp").unlink()
    r = home.ssomap("whoami", "--profile", "dev-sso")
    assert r.returncode == 4
    assert "not signed in" in r.stderr
    assert "hint: aws sso login --profile dev-sso" in r.stderr


def test_signed_out_server_side_is_unauthorized(home, sandbox):
    try:
        sandbox.sb.sso_logout()
        r = home.ssomap("whoami", "--profile", "test-profile")
        assert r.returncode == 4
        assert "UnauthorizedException" in r.stderr
        assert "hint: aws sso login --profile test-profile" in r.stderr
    finally:
        sandbox.sb.sso_login()


def test_token_dates_in_other_forms(home):
    tok = home.token(START_URL)
    expires = datetime.datetime.utcnow() + datetime.timedelta(hours=2)
    tok["expiresAt"] = expires.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"
    home.token_file(START_URL).write_text(json.dumps(tok))
    assert home.whoami("--profile", "legacy-sso")["permissionSet"] == "AdministratorAccess"
    tok["expiresAt"] = expires.strftime("%Y-%m-%dT%H:%M:%SUTC")
    home.token_file(START_URL).write_text(json.dumps(tok))
    for f in home.cli_cache.glob("*.json"):
        f.unlink()
    assert home.whoami("--profile", "legacy-sso")["permissionSet"] == "AdministratorAccess"


def test_portal_throttling_is_retried(home, sandbox):
    sandbox.inject_fault("sso", "GET", path="/federation/credentials", count=1, status=429, retry_after=0)
    assert home.whoami("--profile", "test-profile")["credentialSource"] == "sso"


def test_yaml_and_table_output(home):
    r = home.ssomap("whoami", "--profile", "test-profile", "-o", "yaml")
    assert r.returncode == 0, r.stderr
    assert f"awsAuthArn: arn:aws:iam::{ACCOUNT}:role/{ADMIN_ROLE}" in r.stdout
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert r.returncode == 0, r.stderr
    lines = dict(line.split(":", 1) for line in r.stdout.splitlines())
    assert lines["aws-auth ARN"].strip() == f"arn:aws:iam::{ACCOUNT}:role/{ADMIN_ROLE}"
    assert lines["Permission set"].strip() == "AdministratorAccess"
    assert lines["Credential source"].strip() == "sso"


def test_concurrent_runs_inside_the_refresh_window_all_succeed(home, sandbox):
    import concurrent.futures
    try:
        home.set_token_expiry("corp", 5 * MIN)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            runs = list(pool.map(lambda p: home.ssomap("whoami", "--profile", p, "-o", "json"),
                                 ["test-profile", "dev-sso", "prod-sso", "test-profile"]))
        for r in runs:
            assert r.returncode == 0, r.stderr
        tok = home.token("corp")
        assert datetime.datetime.strptime(tok["expiresAt"], "%Y-%m-%dT%H:%M:%SZ") > \
            datetime.datetime.utcnow() + datetime.timedelta(hours=1)
        # The token left behind works for the AWS CLI too.
        for f in home.cli_cache.glob("*.json"):
            f.unlink()
        r = home.aws("sts", "get-caller-identity", "--profile", "dev-sso")
        assert r.returncode == 0, r.stderr
    finally:
        sandbox.sb.sso_login()


def test_verbose_log_goes_to_stderr_and_names_the_source(home):
    r = home.ssomap("whoami", "--profile", "test-profile", "-v=4", "-o", "json")
    assert r.returncode == 0, r.stderr
    json.loads(r.stdout)  # stdout carries the result only
    assert "credentials of profile test-profile from sso" in r.stderr
    assert "credential source env: nothing configured" not in r.stderr  # --profile skips env keys
    assert "credential source assume-role: nothing configured" in r.stderr
