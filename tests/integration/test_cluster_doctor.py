"""`kubectl ssomap doctor`: each step's verdict and fix, ending in a real sign-in with the
profile's own EKS token."""
import json
import os
import shutil

from cluster_support import ADMIN_ROLE, PATHFUL_ADMIN_ROLE, ssomap


def doctor(sandbox, *args):
    r = ssomap(sandbox, "doctor", "--profile", "test-profile", "--cluster-name", "dev",
               "--admin-profile", "test-profile", "-o", "json", *args)
    report = json.loads(r.stdout)
    return r, {c["name"]: c for c in report["checks"]}, report


def test_not_mapped_names_the_add_that_fixes_it(clean_aws_auth):
    r, checks, report = doctor(clean_aws_auth)
    assert r.returncode == 1 and report["ok"] is False
    assert report["awsAuthArn"] == ADMIN_ROLE
    assert checks["credentials"]["status"] == "ok"
    assert checks["mapping"]["status"] == "FAIL"
    assert checks["mapping"]["fix"].startswith("kubectl ssomap add --profile test-profile ")
    assert checks["sign-in"]["status"] == "FAIL" and "Unauthorized" in checks["sign-in"]["message"]


def test_mapped_admin_signs_in(clean_aws_auth):
    sandbox = clean_aws_auth
    assert ssomap(sandbox, "add", "--profile", "test-profile", "--admin").returncode == 0
    r, checks, report = doctor(sandbox)
    assert r.returncode == 0, r.stderr
    assert report["ok"] is True
    assert [c["status"] for c in checks.values()] == ["ok"] * 7, checks
    assert report["authenticationMode"] == "CONFIG_MAP" and report["admittedBy"] == "aws-auth"
    assert "user sso:AdministratorAccess:alice-example.com" in checks["sign-in"]["message"]
    table = ssomap(sandbox, "doctor", "--profile", "test-profile", "--cluster-name", "dev",
                   "--admin-profile", "test-profile")
    assert table.returncode == 0
    assert [line.split()[:2] for line in table.stdout.splitlines()] == [
        ["ok", "credentials"], ["ok", "aws-auth-arn"], ["ok", "eks-cluster"], ["ok", "aws-auth"],
        ["ok", "mapping"],
        ["ok", "permissions"], ["ok", "sign-in"]]


def test_a_pathful_twin_is_explained_and_its_fix_works(clean_aws_auth):
    sandbox = clean_aws_auth
    data = sandbox.aws_auth()
    data["mapRoles"] += f"- rolearn: {PATHFUL_ADMIN_ROLE}\n  username: alice\n  groups:\n    - system:masters\n"
    sandbox.put_configmap(data)
    r, checks, _ = doctor(sandbox)
    assert r.returncode == 1
    assert "with its IAM path" in checks["mapping"]["message"]
    remove, add = checks["mapping"]["fix"].split(" && ")
    assert remove == f"kubectl ssomap remove --arn {PATHFUL_ADMIN_ROLE}"
    assert ssomap(sandbox, *remove.split()[2:]).returncode == 0
    assert ssomap(sandbox, "add", "--profile", "test-profile", "--admin").returncode == 0
    r, checks, _ = doctor(sandbox)
    assert r.returncode == 0, checks


def test_a_group_bound_to_nothing_is_a_warning(clean_aws_auth):
    sandbox = clean_aws_auth
    assert ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--group", "nobody-binds-this").returncode == 0
    r, checks, _ = doctor(sandbox)
    assert r.returncode == 0
    assert checks["permissions"]["status"] == "warn"
    assert "nobody-binds-this" in checks["permissions"]["message"]
    assert checks["sign-in"]["status"] == "ok"


def test_an_expired_sign_in_names_aws_sso_login(clean_aws_auth):
    sandbox = clean_aws_auth
    # Signed out everywhere: the portal refuses the cached token, and no role credentials are cached.
    sandbox.sso_logout()
    shutil.rmtree(os.path.join(sandbox.dir, ".aws", "cli", "cache"), ignore_errors=True)
    try:
        r, checks, _ = doctor(sandbox)
        assert r.returncode == 1
        assert checks["credentials"]["status"] == "FAIL"
        assert "aws sso login" in checks["credentials"]["fix"]
        assert checks["sign-in"]["status"] == "skip"
    finally:
        sandbox.sso_login()
