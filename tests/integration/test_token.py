"""`kubectl ssomap token`: a drop-in for `aws eks get-token` in a kubeconfig's exec. Real kubectl
signs in with it against the sandbox (which verifies EKS tokens the way EKS does), its output has
the AWS CLI's shape and its presigned URL the CLI's parameters, the apiVersion follows
KUBERNETES_EXEC_INFO, an expired IAM Identity Center sign-in exits 4, and list/whoami recognise
such an exec as one whose token they can make in-process."""
import base64
import datetime
import json
import shutil
import ssl
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from cluster_support import ACCOUNT, BIN_DIR, assert_one_line_error, plugin_env
from whoami_support import START_URL, home  # noqa: F401

BIN = str(BIN_DIR / "kubectl-ssomap")
EKS_ADMIN = f"arn:aws:iam::{ACCOUNT}:role/platform/eks-admin"  # trusts the IAM user ci-bot
V1 = "client.authentication.k8s.io/v1"
V1BETA1 = "client.authentication.k8s.io/v1beta1"


def token(env, *args, exec_info=None):
    env = dict(env)
    env.pop("KUBERNETES_EXEC_INFO", None)
    if exec_info is not None:
        env["KUBERNETES_EXEC_INFO"] = exec_info
    return subprocess.run([BIN, "token", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def decode(tok):
    """The presigned URL inside a `k8s-aws-v1.` token (base64url without padding)."""
    assert tok.startswith("k8s-aws-v1.")
    body = tok[len("k8s-aws-v1."):]
    assert "=" not in body and "+" not in body and "/" not in body
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


def replay(sandbox, url, cluster="dev"):
    """What EKS does with a token: GET the presigned URL with the cluster's x-k8s-aws-id."""
    context = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    request = urllib.request.Request(url, headers={"x-k8s-aws-id": cluster,
                                                   "Accept": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPSHandler(context=context))
    with opener.open(request, timeout=30) as reply:
        body = json.loads(reply.read())
    return body["GetCallerIdentityResponse"]["GetCallerIdentityResult"]


def set_exec_user(sandbox, kubeconfig, name, args, env_pairs, api_version=V1BETA1,
                  command="kubectl-ssomap"):
    env = dict(plugin_env(sandbox), KUBECONFIG=str(kubeconfig))
    argv = ["kubectl", "config", "set-credentials", name, "--exec-api-version", api_version,
            "--exec-command", command]
    for a in args:
        argv += ["--exec-arg", a]
    for pair in env_pairs:
        argv += ["--exec-env", pair]
    for cmd in (argv, ["kubectl", "config", "set-context", name, "--cluster", "dev",
                       "--user", name]):
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
    if api_version == V1:  # v1 requires interactiveMode, which set-credentials does not write
        text = Path(kubeconfig).read_text().replace(
            f"apiVersion: {V1}\n", f"apiVersion: {V1}\n      interactiveMode: Never\n")
        Path(kubeconfig).write_text(text)
    return env


@pytest.fixture
def kubeconfig(sandbox, tmp_path):
    path = tmp_path / "config"
    shutil.copy(Path(sandbox.dir) / ".kube" / "config", path)
    return path


def auth_whoami(env, context):
    r = subprocess.run(["kubectl", "auth", "whoami", "-o", "json", "--context", context],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["status"]["userInfo"]


@pytest.mark.parametrize("api_version", [V1BETA1, V1])
def test_real_kubectl_signs_in_with_token_as_its_exec(sandbox, kubeconfig, api_version):
    # ci-bot is mapped in mapUsers of dev as username ci-bot.
    env = set_exec_user(sandbox, kubeconfig, "ssomap-ci", ["token", "--cluster-name", "dev"],
                        ["AWS_PROFILE=ci-bot"], api_version=api_version)
    info = auth_whoami(env, "ssomap-ci")
    assert info["username"] == "ci-bot"
    assert info["extra"]["arn"] == [f"arn:aws:iam::{ACCOUNT}:user/ci-bot"]


def test_through_kubectls_plugin_dispatch_too(sandbox, kubeconfig):
    env = set_exec_user(sandbox, kubeconfig, "ssomap-ci",
                        ["ssomap", "token", "--cluster-name", "dev", "--profile", "ci-bot"], [],
                        command="kubectl")
    assert auth_whoami(env, "ssomap-ci")["username"] == "ci-bot"


def test_same_credential_as_aws_eks_get_token(sandbox, aws_v1):
    cli = aws_v1.json("eks", "get-token", "--cluster-name", "dev", profile="ci-bot")
    r = token(plugin_env(sandbox), "--cluster-name", "dev", "--profile", "ci-bot")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    ours = json.loads(r.stdout)
    assert r.stdout.endswith("}\n")
    assert list(ours) == ["kind", "apiVersion", "spec", "status"]
    for key in ("kind", "apiVersion", "spec"):
        assert ours[key] == cli[key]
    assert list(ours["status"]) == ["expirationTimestamp", "token"]
    expiry = {}
    for name, cred in (("cli", cli), ("ours", ours)):
        expiry[name] = datetime.datetime.strptime(cred["status"]["expirationTimestamp"],
                                                  "%Y-%m-%dT%H:%M:%SZ")
    assert abs((expiry["ours"] - expiry["cli"]).total_seconds()) < 120
    now = datetime.datetime.utcnow()
    assert datetime.timedelta(minutes=13) < expiry["ours"] - now <= datetime.timedelta(minutes=14)
    urls = {name: urllib.parse.urlsplit(decode(cred["status"]["token"]))
            for name, cred in (("cli", cli), ("ours", ours))}
    assert urls["ours"][:3] == urls["cli"][:3]  # scheme, host, path
    queries = {name: dict(urllib.parse.parse_qsl(u.query)) for name, u in urls.items()}
    assert sorted(queries["ours"]) == sorted(queries["cli"])
    for same in ("Action", "Version", "X-Amz-Algorithm", "X-Amz-Expires", "X-Amz-SignedHeaders"):
        assert queries["ours"][same] == queries["cli"][same], same
    key, _, scope = queries["ours"]["X-Amz-Credential"].partition("/")
    cli_key, _, cli_scope = queries["cli"]["X-Amz-Credential"].partition("/")
    assert key == cli_key and scope.split("/")[1:] == cli_scope.split("/")[1:]
    # Both are what EKS accepts: the replayed URL names ci-bot.
    for name in ("cli", "ours"):
        assert replay(sandbox, decode((cli if name == "cli" else ours)["status"]["token"]))[
            "Arn"] == f"arn:aws:iam::{ACCOUNT}:user/ci-bot"


def test_role_arn_is_assumed_before_signing(sandbox):
    r = token(plugin_env(sandbox), "--cluster-name", "dev", "--profile", "ci-bot",
              "--role-arn", EKS_ADMIN)
    assert r.returncode == 0, r.stderr
    url = decode(json.loads(r.stdout)["status"]["token"])
    assert "X-Amz-Security-Token=" in url
    who = replay(sandbox, url)
    assert who["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/eks-admin/EKSGetTokenAuth"
    r = token(plugin_env(sandbox), "--cluster-name", "dev", "--profile", "ci-bot",
              "--role-arn", EKS_ADMIN, "--session-name", "alice")
    assert r.returncode == 0, r.stderr
    who = replay(sandbox, decode(json.loads(r.stdout)["status"]["token"]))
    assert who["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/eks-admin/alice"


def test_the_cluster_name_is_signed_in(sandbox):
    r = token(plugin_env(sandbox), "--cluster-name", "prod", "--profile", "ci-bot")
    assert r.returncode == 0, r.stderr
    url = decode(json.loads(r.stdout)["status"]["token"])
    assert "x-k8s-aws-id" in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)[
        "X-Amz-SignedHeaders"][0].split(";")
    with pytest.raises(urllib.error.HTTPError) as refused:
        replay(sandbox, url, cluster="dev")  # another cluster's header breaks the signature
    assert refused.value.code == 403
    assert replay(sandbox, url, cluster="prod")["Arn"].endswith(":user/ci-bot")


@pytest.mark.parametrize("exec_info,want,warning", [
    (None, V1BETA1, None),
    (json.dumps({"kind": "ExecCredential", "apiVersion": V1, "spec": {"interactive": False}}),
     V1, None),
    (json.dumps({"apiVersion": "client.authentication.k8s.io/v1alpha1"}),
     "client.authentication.k8s.io/v1alpha1", "deprecated"),
    ("{not json", V1BETA1, "malformed"),
    (json.dumps({"apiVersion": "example.com/v9"}), V1BETA1, "unknown"),
])
def test_api_version_follows_kubernetes_exec_info(sandbox, exec_info, want, warning):
    r = token(plugin_env(sandbox), "--cluster-name", "dev", "--profile", "ci-bot",
              exec_info=exec_info)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["apiVersion"] == want
    if warning:
        assert r.stderr.startswith("warning: ") and warning in r.stderr
        assert len(r.stderr.splitlines()) == 1
    else:
        assert r.stderr == ""


def test_an_sso_profile_signs_and_an_expired_sign_in_exits_4(home):  # noqa: F811
    r = token(home.env, "--cluster-name", "dev", "--profile", "test-profile")
    assert r.returncode == 0, r.stderr
    home.set_token_expiry(START_URL, -datetime.timedelta(minutes=1))
    r = token(home.env, "--cluster-name", "dev", "--profile", "legacy-sso")
    assert r.returncode == 4, r.stderr
    assert r.stdout == ""
    assert "hint: aws sso login --profile legacy-sso" in r.stderr
    assert_one_line_error(r)


def test_the_token_never_reaches_stderr_at_any_verbosity(sandbox):
    r = token(plugin_env(sandbox), "--cluster-name", "dev", "--profile", "ci-bot",
              "--role-arn", EKS_ADMIN, "-v", "9")
    assert r.returncode == 0, r.stderr
    tok = json.loads(r.stdout)["status"]["token"]
    assert "STS AssumeRole" in r.stderr  # the log is on
    url = decode(tok)
    for secret in (tok, tok[len("k8s-aws-v1."):][:40], "X-Amz-Signature",
                   urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Amz-Signature"][0],
                   "X-Amz-Security-Token"):
        assert secret not in r.stderr


@pytest.mark.parametrize("args,says", [
    ([], "--cluster-name"),
    (["--cluster-name", "dev", "--cluster-id", "x"], "pass one"),
    (["--cluster-name", ""], "empty"),
    (["--cluster-name", "dev", "extra"], "no arguments"),
    (["--cluster-name", "dev", "-o", "yaml"], "JSON only"),
    (["--cluster-name", "dev", "--role-arn", "arn:aws:iam::1:role/a", "--role",
      "arn:aws:iam::1:role/b"], "pass one"),
])
def test_usage_errors_exit_2(sandbox, args, says):
    r = token(plugin_env(sandbox), *args)
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    assert says in r.stderr
    assert_one_line_error(r)


def test_whoami_and_list_make_such_an_execs_token_natively(sandbox, kubeconfig):
    env = set_exec_user(sandbox, kubeconfig, "ssomap-ci",
                        ["token", "--cluster-name", "dev", "--region", "us-east-2"],
                        ["AWS_PROFILE=ci-bot"])
    r = subprocess.run([BIN, "whoami", "-o", "json", "--context", "ssomap-ci"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    who = json.loads(r.stdout)
    assert who["profile"] == "ci-bot" and who["identityNote"] is None
    assert who["arn"] == f"arn:aws:iam::{ACCOUNT}:user/ci-bot"
    # The exec is not started: the token is made in-process (kubectl-ssomap is not on PATH here).
    env_no_path = dict(env, PATH="/usr/bin:/bin")
    r = subprocess.run([BIN, "list", "--context", "ssomap-ci", "-v", "4"], env=env_no_path,
                       capture_output=True, text=True, timeout=60)
    # (ci-bot may not read aws-auth: the exit status is RBAC's; the sign-in is what is tested)
    assert "EKS token for cluster dev made natively" in r.stderr, r.stderr
    assert "executable kubectl-ssomap not found" not in r.stderr
