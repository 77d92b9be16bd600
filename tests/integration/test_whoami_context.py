"""whoami and doctor test the identity the context presents (issue 10 §3): the profile of its
`aws eks get-token` exec, any role it assumes on top, --profile winning, and a context that
signs in otherwise saying the identity cannot be derived."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cluster_support import ACCOUNT, ADMIN_ROLE, ssomap, plugin_env

EKS_ADMIN = f"arn:aws:iam::{ACCOUNT}:role/platform/eks-admin"   # trusts the IAM user ci-bot


@pytest.fixture
def kubeconfig(sandbox, tmp_path):
    """A copy of the sandbox kubeconfig with context `role-user`: `aws eks get-token --role-arn`
    over profile ci-bot (AWS_PROFILE in its env), as `aws eks update-kubeconfig --role-arn` and
    eksctl write it."""
    path = tmp_path / "config"
    shutil.copy(Path(sandbox.dir) / ".kube" / "config", path)
    env = dict(sandbox.env, KUBECONFIG=str(path))
    for argv in (
            ["kubectl", "config", "set-credentials", "role-user", "--exec-api-version",
             "client.authentication.k8s.io/v1beta1", "--exec-command", "aws",
             "--exec-arg", "--region", "--exec-arg", "us-east-2", "--exec-arg", "eks",
             "--exec-arg", "get-token", "--exec-arg", "--cluster-name", "--exec-arg", "dev",
             "--exec-arg", "--role-arn", "--exec-arg", EKS_ADMIN, "--exec-env", "AWS_PROFILE=ci-bot"],
            ["kubectl", "config", "set-context", "role-user", "--cluster", "dev", "--user", "role-user"]):
        r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
    return path


def whoami(sandbox, *args, env=None):
    r = ssomap(sandbox, "whoami", "-o", "json", *args, env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), r.stderr


def test_whoami_context_sso_user_is_its_exec_profile_not_default(sandbox):
    # Before: `whoami --context sso-user` asked STS about `default` (no credentials there).
    who, _ = whoami(sandbox, "--context", "sso-user")
    assert who["awsAuthArn"] == ADMIN_ROLE
    assert who["profile"] == "test-profile"
    assert who["identity"] == "profile test-profile (AWS_PROFILE in the exec env of context sso-user)"
    assert who["assumedRole"] is None and who["identityNote"] is None


def test_whoami_context_with_role_arn_tests_the_assumed_role(sandbox, kubeconfig):
    env = plugin_env(sandbox, KUBECONFIG=str(kubeconfig))
    who, _ = whoami(sandbox, "--context", "role-user", env=env)
    assert who["arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/eks-admin/EKSGetTokenAuth"
    assert who["awsAuthArn"] == f"arn:aws:iam::{ACCOUNT}:role/eks-admin"
    assert who["assumedRole"] == EKS_ADMIN
    assert who["profile"] == "ci-bot"


def test_an_explicit_profile_wins_and_says_so(sandbox):
    who, _ = whoami(sandbox, "--context", "sso-user", "--profile", "dev-sso")
    assert who["profile"] == "dev-sso"
    assert "ViewOnlyAccess" in who["awsAuthArn"]
    assert who["identity"].startswith("profile dev-sso (--profile, which wins over what context "
                                      "sso-user presents: profile test-profile")


def test_a_context_without_an_aws_exec_says_the_identity_cannot_be_derived(sandbox):
    env = plugin_env(sandbox, AWS_PROFILE="dev-sso")
    who, err = whoami(sandbox, "--context", "admin", env=env)
    note = who["identityNote"]
    assert note.startswith("context admin signs in with a bearer token")
    assert "cannot be derived; testing profile dev-sso (AWS_PROFILE) instead" in note
    assert "pass --profile P" in note
    assert who["profile"] == "dev-sso"
    table = ssomap(sandbox, "whoami", "--context", "admin", env=env)
    assert "Identity:" in table.stdout and "profile dev-sso (AWS_PROFILE)" in table.stdout
    assert "Note:" in table.stdout and "cannot be derived" in table.stdout
    # Doctor says it as a warning step before the credentials.
    r = ssomap(sandbox, "doctor", "--context", "admin", "-o", "json", env=env)
    checks = json.loads(r.stdout)["checks"]
    assert checks[0]["name"] == "identity" and checks[0]["status"] == "warn"
    assert "cannot be derived" in checks[0]["message"]


def test_doctor_context_with_role_arn_checks_the_roles_mapping(clean_aws_auth, kubeconfig):
    sandbox = clean_aws_auth
    env = plugin_env(sandbox, KUBECONFIG=str(kubeconfig))
    r = ssomap(sandbox, "doctor", "--context", "role-user", "-o", "json", env=env)
    report = json.loads(r.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert report["awsAuthArn"] == f"arn:aws:iam::{ACCOUNT}:role/eks-admin"
    assert report["assumedRole"] == EKS_ADMIN
    assert "then role " + EKS_ADMIN in checks["credentials"]["message"]
    # eks-admin created the cluster (not in aws-auth): the fix maps the role, not the profile.
    assert checks["mapping"]["status"] == "FAIL"
    assert f"--arn arn:aws:iam::{ACCOUNT}:role/eks-admin" in checks["mapping"]["fix"]
    # The sign-in is made with the context's own exec: profile ci-bot, then the role, which is
    # the cluster's creator (EKS signs it in as kubernetes-admin; ci-bot itself is user ci-bot).
    assert checks["sign-in"]["status"] == "ok", checks["sign-in"]
    assert "as user kubernetes-admin" in checks["sign-in"]["message"]
