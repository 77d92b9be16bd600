"""Fidelity: what an access entry does at sign-in, with real EKS tokens from the AWS CLI v1.45
and real kubectl (review rows B1, C2, E4, F3, I1): namespace patterns, roles deleted and
created again, eventual consistency, the creator, a cross-account SSO role."""
import json

from conftest import eks_token, kubectl_with_token

DEV = "123456789999"
SSO_NAME = "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
SSO_DEV = "arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/us-east-2/%s" % (DEV, SSO_NAME)
VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"


def grant(aws_v1, cluster, principal, scope, profile="test-profile"):
    aws_v1.json("eks", "create-access-entry", "--cluster-name", cluster, "--principal-arn",
                principal, profile=profile)
    aws_v1.json("eks", "associate-access-policy", "--cluster-name", cluster, "--principal-arn",
                principal, "--policy-arn", VIEW, "--access-scope", scope, profile=profile)


def session_env(sandbox, role_arn, name="alice@example.com"):
    """Fresh credentials of a role (as Identity Center would issue them) for the CLI."""
    cred = sandbox.sb.issue_session(role_arn, name)
    return {"AWS_ACCESS_KEY_ID": cred.access_key_id, "AWS_SECRET_ACCESS_KEY": cred.secret,
            "AWS_SESSION_TOKEN": cred.session_token}


def whoami(sandbox, aws_v1, cluster, env):
    r = kubectl_with_token(sandbox, cluster, eks_token(aws_v1, cluster, env=env),
                           "auth", "whoami", "-o", "json")
    return r.returncode, (json.loads(r.stdout)["status"]["userInfo"] if r.returncode == 0
                          else r.stderr)


def test_namespace_scope_is_a_pattern(sandbox, aws_v1, fresh_sandbox):
    """E4: a namespace scope `kube-*` admits kube-system and nothing else."""
    grant(aws_v1, "staging", SSO_DEV, "type=namespace,namespaces=kube-*")
    token = eks_token(aws_v1, "staging", profile="test-profile")
    ok = kubectl_with_token(sandbox, "staging", token, "get", "pods", "-n", "kube-system")
    assert ok.returncode == 0 and "coredns" in ok.stdout, ok.stderr
    no = kubectl_with_token(sandbox, "staging", token, "get", "pods", "-n", "dev")
    assert no.returncode != 0 and "forbidden" in no.stderr.lower()


def test_entry_of_a_deleted_and_recreated_role_stops_matching(sandbox, aws_v1, fresh_sandbox):
    """F3: same ARN, new role id: the old entry no longer signs in, and still describes."""
    grant(aws_v1, "staging", SSO_DEV, "type=cluster")
    status, info = whoami(sandbox, aws_v1, "staging", session_env(sandbox, SSO_DEV))
    assert status == 0 and info["username"].endswith("/%s/alice-example.com" % SSO_NAME), info
    describe = ("eks", "describe-access-entry", "--cluster-name", "staging", "--principal-arn",
                SSO_DEV)
    before = aws_v1.json(*describe, profile="ci-bot")
    old_id = aws_v1.json("iam", "get-role", "--region", "us-east-1", "--role-name",
                         SSO_NAME, profile="ci-bot")["Role"]["RoleId"]
    sandbox.sb.recreate_role(DEV, SSO_NAME)
    role = aws_v1.json("iam", "get-role", "--region", "us-east-1", "--role-name", SSO_NAME,
                       profile="ci-bot")["Role"]
    assert role["Arn"] == SSO_DEV and role["RoleId"] != old_id
    status, err = whoami(sandbox, aws_v1, "staging", session_env(sandbox, SSO_DEV))
    assert status != 0 and "Unauthorized" in err
    assert any("role id" in line for line in sandbox.cluster("staging").auth_log)
    assert aws_v1.json(*describe, profile="ci-bot") == before
    # the fix: delete the entry and create it again
    aws_v1.json("eks", "delete-access-entry", "--cluster-name", "staging", "--principal-arn",
                SSO_DEV, profile="test-profile")
    grant(aws_v1, "staging", SSO_DEV, "type=cluster")
    assert whoami(sandbox, aws_v1, "staging", session_env(sandbox, SSO_DEV))[0] == 0


def test_entry_changes_reach_sign_in_later(sandbox, aws_v1, fresh_sandbox):
    """I1: with entry_delay_seconds, a new entry is not yet effective at sign-in."""
    sandbox.sb.eks_settings("prod", entry_delay_seconds=3600)
    grant(aws_v1, "prod", SSO_DEV, "type=cluster", profile="prod-sso")
    env = session_env(sandbox, SSO_DEV)
    status, err = whoami(sandbox, aws_v1, "prod", env)
    assert status != 0 and "Unauthorized" in err
    sandbox.sb.eks_settings("prod", entry_delay_seconds=0)      # the change propagates
    status, info = whoami(sandbox, aws_v1, "prod", env)
    assert status == 0, info


def test_cross_account_sso_user_on_prod(sandbox, aws_v1, fresh_sandbox):
    """B1: sso-user@prod signs in with the dev account's SSO role; prod's own admin adds it."""
    r = sandbox.kubectl("auth", "whoami", context="sso-user@prod")
    assert r.returncode != 0 and "Unauthorized" in r.stderr
    grant(aws_v1, "prod", SSO_DEV, "type=namespace,namespaces=default", profile="prod-sso")
    r = sandbox.kubectl("auth", "whoami", "-o", "json", context="sso-user@prod")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"]["userInfo"]["username"] == (
        "arn:aws:sts::%s:assumed-role/%s/alice-example.com" % (DEV, SSO_NAME))


def test_creator_signs_in_as_admin(sandbox, aws_v1, fresh_sandbox):
    """C2: the creator of a CONFIG_MAP cluster is admin without aws-auth; on staging its
    entry carries AmazonEKSClusterAdminPolicy."""
    env = session_env(sandbox, "arn:aws:iam::%s:role/platform/eks-admin" % DEV, "ops")
    status, info = whoami(sandbox, aws_v1, "dev", env)
    assert status == 0 and "system:masters" in info["groups"], info
    token = eks_token(aws_v1, "staging", env=env)
    r = kubectl_with_token(sandbox, "staging", token, "auth", "can-i", "delete", "pods",
                           "-n", "kube-system")
    assert r.stdout.strip() == "yes", r.stderr
