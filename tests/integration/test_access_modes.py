"""`doctor` and `remove` in every EKS authentication mode (issue 12 §2), against the sandbox's
`prod` (API) and `staging` (API_AND_CONFIG_MAP) clusters with real kubectl: doctor follows the
authenticator's order (access entry first, then aws-auth where the mode reads it), says which
mechanism admits the identity and proposes the fix of the mode; remove takes the identity out of
the mechanism that admits it and says, without touching it, when the other one still does."""
import json

from cluster_support import ACCOUNT, ADMIN_ROLE, PATHFUL_ADMIN_ROLE, VIEW_ROLE, ssomap

PROD = ["--context", "admin@prod", "--cluster-name", "prod", "--admin-profile", "prod-sso"]
STAGING = ["--context", "admin@staging", "--cluster-name", "staging",
           "--admin-profile", "test-profile"]
ADMIN_MAPPING = (f"- rolearn: {ADMIN_ROLE}\n"
                 "  username: sso:AdministratorAccess:{{SessionName}}\n"
                 "  groups:\n    - system:masters\n")


def doctor(sb, *args):
    r = ssomap(sb, "doctor", "--profile", "test-profile", *args, "-o", "json")
    report = json.loads(r.stdout)
    return r, {c["name"]: c for c in report["checks"]}, report


def pods(sb, context):
    return sb.kubectl("get", "pods", "-A", context=context)


def map_in_aws_auth(sb, cluster):
    data = sb.aws_auth(cluster=cluster)
    data["mapRoles"] += ADMIN_MAPPING
    sb.put_configmap(data, cluster=cluster)


def entries(sb, cluster):
    state = sb.sb.clusters[cluster]
    with state.lock:
        return sorted(state.entries)


def test_doctor_on_api_cluster_proposes_an_access_entry_then_sees_it(fresh_sandbox):
    sb = fresh_sandbox
    r, checks, report = doctor(sb, *PROD)
    assert r.returncode == 1
    assert report["authenticationMode"] == "API" and report["admittedBy"] is None
    assert checks["eks-cluster"]["status"] == "ok"
    assert "administrator profile prod-sso" in checks["eks-cluster"]["message"]
    assert checks["access-entry"]["status"] == "FAIL"
    fix = checks["access-entry"]["fix"]
    assert fix.startswith("kubectl ssomap add --profile test-profile --mode api --cluster-name prod")
    assert "aws-auth" not in fix and "edit" not in fix
    assert checks["aws-auth"]["status"] == "skip" and checks["mapping"]["status"] == "skip"

    added = ssomap(sb, "add", *PROD, "--profile", "test-profile", "--admin")
    assert added.returncode == 0, added.stderr
    r, checks, report = doctor(sb, *PROD)
    assert r.returncode == 0, r.stdout
    assert report["admittedBy"] == "accessEntry"
    assert checks["access-entry"]["status"] == "ok"
    assert PATHFUL_ADMIN_ROLE in checks["access-entry"]["message"]
    assert "AmazonEKSClusterAdminPolicy" in checks["permissions"]["message"]
    assert checks["sign-in"]["status"] == "ok"
    assert "FAIL" not in {c["status"] for c in checks.values()}
    table = ssomap(sb, "doctor", "--profile", "test-profile", *PROD)
    assert table.returncode == 0
    assert [line.split()[:2] for line in table.stdout.splitlines()
            if not line.startswith(" ")][:5] == [
        ["ok", "credentials"], ["ok", "aws-auth-arn"], ["ok", "eks-cluster"],
        ["ok", "access-entry"], ["skip", "aws-auth"]]


def test_doctor_on_mixed_cluster_names_the_mechanism(fresh_sandbox):
    sb = fresh_sandbox
    # Neither mechanism: the fix is an access entry, not an aws-auth edit.
    r, checks, report = doctor(sb, *STAGING)
    assert r.returncode == 1
    assert report["authenticationMode"] == "API_AND_CONFIG_MAP"
    assert checks["access-entry"]["status"] == "skip"
    assert checks["mapping"]["status"] == "FAIL"
    assert "--mode api --cluster-name staging" in checks["mapping"]["fix"]

    # aws-auth only: admitted by aws-auth, after the access entry step.
    map_in_aws_auth(sb, "staging")
    r, checks, report = doctor(sb, *STAGING)
    assert r.returncode == 0, r.stdout
    assert report["admittedBy"] == "aws-auth"
    assert checks["mapping"]["status"] == "ok"
    names = list(checks)
    assert names.index("access-entry") < names.index("mapping")

    # Both: the access entry wins; the aws-auth mapping is shadowed.
    assert ssomap(sb, "add", *STAGING, "--profile", "test-profile", "--admin").returncode == 0
    r, checks, report = doctor(sb, *STAGING)
    assert r.returncode == 0, r.stdout
    assert report["admittedBy"] == "accessEntry"
    assert checks["mapping"]["status"] == "warn" and "shadowed" in checks["mapping"]["message"]
    assert checks["sign-in"]["status"] == "ok"


def test_remove_on_mixed_cluster_keeps_the_other_mechanism_and_says_so(fresh_sandbox):
    sb = fresh_sandbox
    map_in_aws_auth(sb, "staging")
    assert ssomap(sb, "add", *STAGING, "--profile", "test-profile", "--admin").returncode == 0
    assert PATHFUL_ADMIN_ROLE in entries(sb, "staging")

    removed = ssomap(sb, "remove", *STAGING, "--profile", "test-profile")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"accessentry/{PATHFUL_ADMIN_ROLE} deleted"
    assert PATHFUL_ADMIN_ROLE not in entries(sb, "staging")
    # The aws-auth mapping is left, and said to still admit the identity.
    assert ADMIN_ROLE in sb.aws_auth(cluster="staging")["mapRoles"]
    assert "still signs in" in removed.stderr and "--mode configmap" in removed.stderr
    still = pods(sb, "sso-user@staging")
    assert still.returncode == 0, still.stderr

    # Now the aws-auth mapping admits it: remove takes that one.
    again = ssomap(sb, "remove", *STAGING, "--profile", "test-profile")
    assert again.returncode == 0, again.stderr
    assert "configmap/aws-auth configured" in again.stdout
    assert ADMIN_ROLE not in sb.aws_auth(cluster="staging")["mapRoles"]
    assert "still signs in" not in again.stderr
    assert pods(sb, "sso-user@staging").returncode != 0


def test_remove_mode_configmap_leaves_the_access_entry_and_says_so(fresh_sandbox):
    sb = fresh_sandbox
    map_in_aws_auth(sb, "staging")
    assert ssomap(sb, "add", *STAGING, "--profile", "test-profile", "--admin").returncode == 0
    removed = ssomap(sb, "remove", *STAGING, "--profile", "test-profile", "--mode", "configmap")
    assert removed.returncode == 0, removed.stderr
    assert ADMIN_ROLE not in sb.aws_auth(cluster="staging")["mapRoles"]
    assert PATHFUL_ADMIN_ROLE in entries(sb, "staging")
    assert "still signs in" in removed.stderr and PATHFUL_ADMIN_ROLE in removed.stderr
    assert pods(sb, "sso-user@staging").returncode == 0


NEW_VIEW_ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_ViewOnlyAccess_00112233aabbccdd"


def test_check_iam_flags_a_reprovisioned_permission_set_on_both_mechanisms(fresh_sandbox):
    sb = fresh_sandbox
    data = sb.aws_auth(cluster="staging")
    data["mapRoles"] += f"- rolearn: {VIEW_ROLE}\n  username: viewer\n  groups:\n    - viewers\n"
    sb.put_configmap(data, cluster="staging")
    added = ssomap(sb, "add", *STAGING, "--arn", VIEW_ROLE, "--group", "viewers")
    assert added.returncode == 0, added.stderr
    fine = ssomap(sb, "list", *STAGING, "--check-iam")
    assert fine.returncode == 0, fine.stderr
    assert "stale-role" not in fine.stdout + fine.stderr

    sb.sb.reprovision(ACCOUNT, "ViewOnlyAccess", "00112233aabbccdd")
    listed = ssomap(sb, "list", *STAGING, "--check-iam")
    assert listed.returncode == 0, listed.stderr
    stale = [line for line in listed.stdout.splitlines() if "stale-role" in line]
    assert [line.split()[0] for line in stale] == ["mapRoles", "accessEntry"], listed.stdout
    assert NEW_VIEW_ROLE.split("/")[-1] in listed.stderr
    assert "permission set ViewOnlyAccess was re-provisioned" in listed.stderr
    # The administrator's own role, unchanged, is not flagged.
    as_json = json.loads(ssomap(sb, "list", *STAGING, "--check-iam", "-o", "json").stdout)
    codes = {e["principalArn"]: [p["code"] for p in e["problems"]]
             for e in as_json["accessEntries"]}
    assert [c for arn, c in codes.items() if "ViewOnlyAccess" in arn] == [["stale-role"]]
    assert all("stale-role" not in c for arn, c in codes.items() if "ViewOnlyAccess" not in arn)


def test_check_iam_without_the_eks_cluster_checks_aws_auth(fresh_sandbox):
    sb = fresh_sandbox
    assert ssomap(sb, "add", "--arn", VIEW_ROLE, "--group", "viewers").returncode == 0
    sb.sb.reprovision(ACCOUNT, "ViewOnlyAccess", "00112233aabbccdd")
    listed = ssomap(sb, "list", "--check-iam", "--admin-profile", "test-profile")
    assert listed.returncode == 0, listed.stderr
    row = [line for line in listed.stdout.splitlines() if VIEW_ROLE in line]
    assert len(row) == 1 and "stale-role" in row[0]
    assert NEW_VIEW_ROLE.split("/")[-1] in listed.stderr
    # Without --check-iam nothing is asked of IAM.
    plain = ssomap(sb, "list")
    assert "stale-role" not in plain.stdout + plain.stderr


def test_no_eks_exec_and_no_cluster_name_falls_back_to_aws_auth_with_a_note(fresh_sandbox):
    sb = fresh_sandbox
    note = "cannot tell which EKS cluster context admin@staging reaches"
    ctx = ["--context", "admin@staging"]
    added = ssomap(sb, "add", *ctx, "--profile", "test-profile", "--admin")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "configmap/aws-auth configured" and note in added.stderr
    listed = ssomap(sb, "list", *ctx)
    assert listed.returncode == 0, listed.stderr
    assert note in listed.stderr and ADMIN_ROLE in listed.stdout
    r, checks, report = doctor(sb, *ctx)
    assert checks["eks-cluster"]["status"] == "skip" and note in checks["eks-cluster"]["message"]
    assert "authenticationMode" not in report and report["admittedBy"] == "aws-auth"
    assert checks["mapping"]["status"] == "ok"
    removed = ssomap(sb, "remove", *ctx, "--profile", "test-profile")
    assert removed.returncode == 0, removed.stderr
    assert note in removed.stderr
    assert ADMIN_ROLE not in sb.aws_auth(cluster="staging")["mapRoles"]


def test_remove_policy_disassociates_only_that_policy_and_keeps_the_entry(fresh_sandbox):
    sb = fresh_sandbox
    assert ssomap(sb, "add", *STAGING, "--profile", "test-profile", "--admin").returncode == 0
    assert pods(sb, "sso-user@staging").returncode == 0
    removed = ssomap(sb, "remove", *STAGING, "--profile", "test-profile", "--policy",
                     "AmazonEKSClusterAdminPolicy")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == (f"accessentry/{PATHFUL_ADMIN_ROLE} policy "
                                      "AmazonEKSClusterAdminPolicy disassociated")
    assert PATHFUL_ADMIN_ROLE in entries(sb, "staging")
    # Still signed in through the entry, but may do nothing.
    after = pods(sb, "sso-user@staging")
    assert after.returncode != 0 and "orbidden" in after.stderr, after.stderr
    again = ssomap(sb, "remove", *STAGING, "--profile", "test-profile", "--policy",
                   "AmazonEKSClusterAdminPolicy")
    assert again.returncode == 1 and "no access entry with policy" in again.stderr
    refused = ssomap(sb, "remove", *STAGING, "--profile", "test-profile", "--policy",
                     "AmazonEKSViewPolicy", "--mode", "configmap")
    assert refused.returncode == 2
