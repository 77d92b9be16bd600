"""Fidelity: the seed's story, played with real clients only (kubectl, the AWS CLI).

The SSO user's kubectl execs `aws eks get-token` with the SSO role's credentials; the admin
edits aws-auth with `kubectl apply`; the API server maps the identity as EKS does.
"""
import yaml

SSO_ROLE = "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
PATHLESS = "arn:aws:iam::123456789999:role/" + SSO_ROLE
PATHFUL = "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/" + SSO_ROLE
# kubectl words a 401 on discovery as "(the server has asked for the client to provide
# credentials)" and one on a resource as "(Unauthorized)", against EKS as here.
UNAUTHORIZED = "error: You must be logged in to the server ("


def aws_auth_manifest(sandbox, extra_roles):
    """The seeded aws-auth with role entries appended, as an admin would write it."""
    data = dict(sandbox.world.cluster("dev")["aws_auth"])
    data["mapRoles"] += extra_roles
    return yaml.safe_dump({"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": "aws-auth", "namespace": "kube-system"},
                           "data": data}, sort_keys=False)


def entry(arn, username, *groups):
    return "- rolearn: %s\n  username: %s\n  groups:\n%s" % (
        arn, username, "".join("    - %s\n" % g for g in groups))


def test_unmapped_sso_user_is_unauthorized(clean_aws_auth):
    sandbox = clean_aws_auth
    r = sandbox.kubectl("get", "pods", context="sso-user")
    assert r.returncode == 1
    assert UNAUTHORIZED in r.stderr


def test_pathless_arn_lets_the_sso_user_in(clean_aws_auth):
    sandbox = clean_aws_auth
    r = sandbox.kubectl("apply", "-f", "-", input=aws_auth_manifest(
        sandbox, entry(PATHLESS, "sso-admin:{{SessionName}}", "system:masters")))
    assert r.returncode == 0, r.stderr
    r = sandbox.kubectl("get", "pods", "-n", "dev", context="sso-user")
    assert r.returncode == 0, r.stderr
    assert "web-5d8f7c9b6-abcde" in r.stdout
    r = sandbox.kubectl("auth", "whoami", context="sso-user")
    assert "sso-admin:alice-example.com" in r.stdout
    # the node role entry and the comments survived the admin's apply
    assert "# Node role: never drop this entry" in sandbox.aws_auth()["mapRoles"]


def test_pathful_arn_is_still_unauthorized(clean_aws_auth):
    sandbox = clean_aws_auth
    r = sandbox.kubectl("apply", "-f", "-", input=aws_auth_manifest(
        sandbox, entry(PATHFUL, "sso-admin", "system:masters")))
    assert r.returncode == 0, r.stderr
    assert PATHFUL in sandbox.aws_auth()["mapRoles"]
    r = sandbox.kubectl("get", "pods", "-n", "dev", context="sso-user")
    assert r.returncode == 1
    assert UNAUTHORIZED in r.stderr


def test_group_with_role_and_rolebinding_is_namespace_scoped(clean_aws_auth):
    sandbox = clean_aws_auth
    r = sandbox.kubectl("create", "role", "pod-viewer", "--verb=get,list,watch",
                        "--resource=pods", "-n", "dev")
    assert r.returncode == 0, r.stderr
    r = sandbox.kubectl("create", "rolebinding", "pod-viewers", "--role=pod-viewer",
                        "--group=dev-viewers", "-n", "dev")
    assert r.returncode == 0, r.stderr
    try:
        r = sandbox.kubectl("apply", "-f", "-", input=aws_auth_manifest(
            sandbox, entry(PATHLESS, '"{{SessionName}}"', "dev-viewers")))
        assert r.returncode == 0, r.stderr
        r = sandbox.kubectl("get", "pods", "-n", "dev", context="sso-user")
        assert r.returncode == 0, r.stderr
        assert "web-5d8f7c9b6-fghij" in r.stdout
        r = sandbox.kubectl("get", "pods", "-n", "prod", context="sso-user")
        assert r.returncode == 1
        assert r.stderr.strip() == (
            'Error from server (Forbidden): pods is forbidden: User "alice-example.com" cannot '
            'list resource "pods" in API group "" in the namespace "prod"')
    finally:
        sandbox.kubectl("delete", "rolebinding", "pod-viewers", "-n", "dev")
        sandbox.kubectl("delete", "role", "pod-viewer", "-n", "dev")
