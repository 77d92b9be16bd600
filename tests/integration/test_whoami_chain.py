"""whoami through every credential source of the chain the sandbox can serve, in the AWS CLI's
order: environment, assume-role (source_profile, credential_source), web identity, the
credentials and config files, credential_process, container credentials and IMDSv2."""
import base64
import json
import os
import stat
import sys

import pytest

from whoami_support import (ACCOUNT, CI_KEY, DEPLOYER, JsonServer, credentials_json, home,  # noqa: F401
                            static_env)

CI_ARN = f"arn:aws:iam::{ACCOUNT}:user/ci-bot"


def ci_secret(sandbox):
    return sandbox.world.creds[CI_KEY].secret


def deployer_session(sandbox, name="pod"):
    return sandbox.sb.issue_session(DEPLOYER, name)


def test_environment_keys(home, sandbox):
    out = home.whoami(env=static_env(home, CI_KEY, ci_secret(sandbox)))
    assert out["arn"] == CI_ARN and out["awsAuthArn"] == CI_ARN
    assert out["credentialSource"] == "env"
    assert out["permissionSet"] is None and out["sessionName"] is None


def test_environment_session_credentials(home, sandbox):
    cred = deployer_session(sandbox, "env-session")
    out = home.whoami(env=static_env(home, cred.access_key_id, cred.secret, cred.session_token))
    assert out["arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/env-session"
    assert out["awsAuthArn"] == f"arn:aws:iam::{ACCOUNT}:role/deployer"
    assert out["sessionName"] == "env-session"


def test_env_keys_win_over_aws_profile_but_not_over_the_flag(home, sandbox):
    env = static_env(home, CI_KEY, ci_secret(sandbox), AWS_PROFILE="test-profile")
    assert home.whoami(env=env)["credentialSource"] == "env"
    assert home.whoami("--profile", "test-profile", env=env)["credentialSource"] == "sso"


def test_credentials_file(home, sandbox):
    out = home.whoami("--profile", "ci-bot")
    assert out["arn"] == CI_ARN
    assert out["credentialSource"] == "shared-credentials-file"


def test_config_file_keys(home, sandbox):
    home.append_config(f"[profile cfg-keys]\naws_access_key_id = {CI_KEY}\naws_secret_access_key = {ci_secret(sandbox)}")
    assert home.whoami("--profile", "cfg-keys")["credentialSource"] == "config-file"


def test_default_profile_from_the_credentials_file(home, sandbox):
    with open(home.path / ".aws" / "credentials", "a") as f:
        f.write(f"\n[default]\naws_access_key_id = {CI_KEY}\naws_secret_access_key = {ci_secret(sandbox)}\n")
    out = home.whoami()
    assert (out["profile"], out["credentialSource"]) == ("default", "shared-credentials-file")


def test_assume_role_with_source_profile(home, sandbox):
    home.append_config(f"[profile deploy]\nrole_arn = {DEPLOYER}\nsource_profile = ci-bot\n"
                       "role_session_name = deploy-1\nduration_seconds = 1800")
    out = home.whoami("--profile", "deploy")
    assert out["arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/deploy-1"
    assert out["credentialSource"] == "assume-role"
    cached = list(home.cli_cache.glob("*.json"))
    assert len(cached) == 1 and stat.S_IMODE(os.stat(cached[0]).st_mode) == 0o600
    sandbox.sb.log.clear()
    assert home.whoami("--profile", "deploy")["arn"].endswith("/deploy-1")
    assert [e["path"] for e in sandbox.requests("sts")] == ["/"]  # GetCallerIdentity only


def test_assume_role_same_identity_as_the_aws_cli(home):
    home.append_config(f"[profile deploy]\nrole_arn = {DEPLOYER}\nsource_profile = ci-bot\n"
                       "role_session_name = same-as-cli")
    ours = home.whoami("--profile", "deploy")
    r = home.aws("sts", "get-caller-identity", "--profile", "deploy", "--output", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["Arn"] == ours["arn"]


def test_assume_role_with_credential_source_environment(home, sandbox):
    home.append_config(f"[profile from-env]\nrole_arn = {DEPLOYER}\ncredential_source = Environment\n"
                       "role_session_name = from-env")
    out = home.whoami("--profile", "from-env", env=static_env(home, CI_KEY, ci_secret(sandbox)))
    assert out["arn"].endswith("assumed-role/deployer/from-env")


def test_assume_role_denied_is_an_error_with_the_aws_code(home):
    home.append_config("[profile denied]\nrole_arn = arn:aws:iam::123456789999:role/eks-node-role\n"
                       "source_profile = ci-bot")
    r = home.ssomap("whoami", "--profile", "denied")
    assert r.returncode in (1, 4)
    assert "AccessDenied" in r.stderr
    assert r.stderr.startswith("error: ")


def test_assume_role_cycle_is_refused(home):
    home.append_config(f"[profile a]\nrole_arn = {DEPLOYER}\nsource_profile = b\n"
                       f"[profile b]\nrole_arn = {DEPLOYER}\nsource_profile = a")
    r = home.ssomap("whoami", "--profile", "a")
    assert r.returncode == 4
    assert "cycle" in r.stderr


def jwt(claims):
    def enc(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return "%s.%s.%s" % (enc({"alg": "RS256"}), enc(claims), "c2ln")


def test_web_identity_from_the_environment(home):
    token = home.path / "token"
    token.write_text(jwt({"iss": "https://oidc.eks.example", "sub": "system:serviceaccount:ci:deployer",
                          "aud": "sts.amazonaws.com"}))
    env = dict(home.env, AWS_WEB_IDENTITY_TOKEN_FILE=str(token), AWS_ROLE_ARN=DEPLOYER,
               AWS_ROLE_SESSION_NAME="irsa")
    out = home.whoami(env=env)
    assert out["arn"].endswith("assumed-role/deployer/irsa")
    assert out["credentialSource"] == "assume-role-with-web-identity"


def test_web_identity_from_the_profile(home):
    token = home.path / "token"
    token.write_text(jwt({"iss": "https://oidc.example", "sub": "x", "aud": ["sts.amazonaws.com"]}))
    home.append_config(f"[profile wid]\nrole_arn = {DEPLOYER}\nweb_identity_token_file = {token}\n"
                       "role_session_name = wid-session")
    assert home.whoami("--profile", "wid")["arn"].endswith("/wid-session")


def write_helper(home, body):
    helper = home.path / "helper.py"
    helper.write_text("import json, sys\n" + body)
    return helper


def test_credential_process(home, sandbox):
    cred = deployer_session(sandbox, "process")
    helper = write_helper(home, "print(json.dumps(%r))\n" % {
        "Version": 1, "AccessKeyId": cred.access_key_id, "SecretAccessKey": cred.secret,
        "SessionToken": cred.session_token, "Expiration": cred.expires.strftime("%Y-%m-%dT%H:%M:%SZ")})
    home.append_config(f"[profile proc]\ncredential_process = {sys.executable} \"{helper}\" --arg 'two words'")
    out = home.whoami("--profile", "proc")
    assert out["arn"].endswith("/deployer/process")
    assert out["credentialSource"] == "custom-process"


def test_credential_process_failure_shows_its_stderr(home):
    helper = write_helper(home, "sys.stderr.write('helper says: log in first\\n'); sys.exit(3)\n")
    home.append_config(f"[profile proc]\ncredential_process = {sys.executable} {helper}")
    r = home.ssomap("whoami", "--profile", "proc")
    assert r.returncode == 4
    assert "helper says: log in first" in r.stderr
    assert "exit 3" in r.stderr


@pytest.fixture
def container_server(sandbox):
    cred = deployer_session(sandbox, "container")
    server = JsonServer(lambda method, path, headers: (200, credentials_json(cred))
                        if headers.get("Authorization") == "Bearer pod-token" else (401, {"message": "no"}))
    yield server
    server.close()


def test_container_credentials_full_uri_with_token_file(home, container_server):
    token = home.path / "pod-token"
    token.write_text("Bearer pod-token\n")
    env = dict(home.env, AWS_CONTAINER_CREDENTIALS_FULL_URI=container_server.url + "/v1/credentials",
               AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(token))
    out = home.whoami(env=env)
    assert out["arn"].endswith("/deployer/container")
    assert out["credentialSource"] == "container-role"
    assert container_server.requests[0][:2] == ("GET", "/v1/credentials")


def test_container_credentials_bad_token(home, container_server):
    env = dict(home.env, AWS_CONTAINER_CREDENTIALS_FULL_URI=container_server.url + "/v1/credentials",
               AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer wrong")
    r = home.ssomap("whoami", env=env)
    assert r.returncode == 4
    assert "HTTP 401" in r.stderr


def test_imds_v2(home, sandbox):
    cred = deployer_session(sandbox, "i-0123456789abcdef0")

    def imds(method, path, headers):
        if method == "PUT" and path == "/latest/api/token":
            return (200, "imds-session-token") if headers.get("x-aws-ec2-metadata-token-ttl-seconds") else (400, "")
        if headers.get("x-aws-ec2-metadata-token") != "imds-session-token":
            return 401, ""
        if path == "/latest/meta-data/iam/security-credentials/":
            return 200, "deployer"
        if path == "/latest/meta-data/iam/security-credentials/deployer":
            return 200, dict(credentials_json(cred), Code="Success", Type="AWS-HMAC")
        return 404, ""

    server = JsonServer(imds)
    try:
        env = dict(home.env, AWS_EC2_METADATA_SERVICE_ENDPOINT=server.url)
        env.pop("AWS_EC2_METADATA_DISABLED")
        out = home.whoami(env=env)
        assert out["credentialSource"] == "iam-role"
        assert out["arn"].endswith("/deployer/i-0123456789abcdef0")
        assert [r[0] for r in server.requests] == ["PUT", "GET", "GET"]
    finally:
        server.close()


def test_no_credentials_anywhere(home):
    r = home.ssomap("whoami")
    assert r.returncode == 4
    assert r.stderr.startswith("error: no AWS credentials found for profile default")
    assert "hint: aws sso login --profile default" in r.stderr


def test_unknown_profile(home):
    r = home.ssomap("whoami", "--profile", "no-such-profile")
    assert r.returncode == 4
    assert "no-such-profile" in r.stderr and "hint:" in r.stderr


def test_bad_config_file_names_file_and_line(home):
    home.append_config("this line is not valid")
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0].startswith("error: " + str(home.path / ".aws" / "config") + ":")
    assert "hint: fix line" in lines[1]
