"""No secret — secret keys, session tokens, SSO access and refresh tokens, client secrets — ever
appears in whoami's output at any verbosity, nor in any file but the caches the AWS CLI keeps."""
import datetime
import json
import os
from pathlib import Path

import pytest

from whoami_support import CI_KEY, DEPLOYER, home, static_env  # noqa: F401

MIN = datetime.timedelta(minutes=1)


def secrets_in(home, sandbox):
    found = {sandbox.world.creds[CI_KEY].secret}
    for cache in (home.sso_cache, home.cli_cache):
        for f in cache.glob("*.json"):
            data = json.loads(f.read_text())
            for key in ("accessToken", "refreshToken", "clientSecret"):
                if data.get(key):
                    found.add(data[key])
            for key in ("SecretAccessKey", "SessionToken"):
                if data.get("Credentials", {}).get(key):
                    found.add(data["Credentials"][key])
    return {s for s in found if len(s) >= 8}


def snapshot(root):
    return {p: p.stat().st_mtime_ns for p in Path(root).rglob("*") if p.is_file()}


@pytest.mark.parametrize("verbosity", range(0, 11))
def test_no_secret_in_output_at_any_verbosity(home, sandbox, verbosity):
    try:
        home.set_token_expiry("corp", 5 * MIN)            # forces a refresh (OIDC) as well
        before = secrets_in(home, sandbox)
        home.append_config(f"[profile deploy]\nrole_arn = {DEPLOYER}\nsource_profile = ci-bot")
        files_before = snapshot(home.path)
        runs = [home.ssomap("whoami", "--profile", "test-profile", f"-v={verbosity}"),
                home.ssomap("whoami", "--profile", "test-profile", "-v", str(verbosity), "-o", "json"),
                home.ssomap("whoami", "--profile", "deploy", f"--v={verbosity}", "-o", "yaml"),
                home.ssomap("whoami", "--profile", "legacy-sso", f"-v={verbosity}")]
        cred = sandbox.sb.issue_session(DEPLOYER, "env")
        runs.append(home.ssomap("whoami", f"-v={verbosity}",
                                env=static_env(home, cred.access_key_id, cred.secret, cred.session_token)))
        secret_set = before | secrets_in(home, sandbox) | {cred.secret, cred.session_token}
        for r in runs:
            assert r.returncode == 0, r.stderr
            for s in secret_set:
                assert s not in r.stdout and s not in r.stderr
        # Files written: only the AWS CLI's own caches.
        changed = [p for p, m in snapshot(home.path).items() if files_before.get(p) != m]
        allowed = (home.sso_cache, home.cli_cache)
        assert changed and all(any(str(p).startswith(str(a) + os.sep) for a in allowed) for p in changed), changed
    finally:
        sandbox.sb.sso_login()


def test_no_secret_in_error_output(home, sandbox):
    secret = "Wr0ngSecretKeyThatMustNeverBePrinted000"
    r = home.ssomap("whoami", "-v=10", env=static_env(home, CI_KEY, secret, "SessionTokenNeverPrinted123"))
    assert r.returncode != 0
    assert secret not in r.stderr and "SessionTokenNeverPrinted123" not in r.stderr
