"""Fidelity: the sandbox's IAM as the AWS CLI v1.45 sees it — GetRole with the real path
(regionless in the prod account, review row A4), ListRoles with PathPrefix and pagination
(Marker/MaxItems/IsTruncated), roles deleted and created again (row F3) and permission sets
re-provisioned with a new suffix."""
DEV = "123456789999"
PROD = "210987654321"
SSO_PREFIX = "/aws-reserved/sso.amazonaws.com/"
IAM = ("--region", "us-east-1")      # IAM is signed for us-east-1 in the aws partition
IAM_ENV = {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1"}


def iam(aws_v1, *args, profile="test-profile"):
    return aws_v1.json("iam", *(args + IAM), profile=profile)


def test_sso_role_path_follows_the_account(aws_v1, sandbox):
    """A4: prod's Identity Center roles have no region segment; dev's have one."""
    prod = iam(aws_v1, "get-role", "--role-name",
               "AWSReservedSSO_AdministratorAccess_7ab3e61f0c92d448", profile="prod-sso")["Role"]
    assert prod["Path"] == SSO_PREFIX
    assert prod["Arn"] == ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/"
                           "AWSReservedSSO_AdministratorAccess_7ab3e61f0c92d448" % PROD)
    dev = iam(aws_v1, "get-role", "--role-name",
              "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7")["Role"]
    assert dev["Path"] == SSO_PREFIX + "us-east-2/"
    # EKS takes the real path and refuses a rebuilt one
    code, _, msg = aws_v1.error("eks", "create-access-entry", "--cluster-name", "prod",
                                "--principal-arn", prod["Arn"].replace(
                                    SSO_PREFIX, SSO_PREFIX + "us-east-2/"), profile="prod-sso")
    assert (code, msg) == ("InvalidParameterException",
                           "The specified principalArn is invalid: invalid principal.")


def test_list_roles_path_prefix_and_pages(aws_v1, sandbox):
    """ListRoles: PathPrefix filters, MaxItems pages with an opaque Marker and IsTruncated."""
    out = aws_v1.botocore([
        ("iam", "list_roles", {"PathPrefix": SSO_PREFIX}),
        ("iam", "list_roles", {"PathPrefix": SSO_PREFIX, "MaxItems": 1}),
        ("iam", "list_roles", {"Marker": "garbage"}),
        ("iam", "list_roles", {}),
    ], "test-profile", env=IAM_ENV)
    assert [r["status"] for r in out] == [200, 200, 400, 200], out
    names = [r["RoleName"] for r in out[0]["body"]["Roles"]]
    assert names == ["AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7",
                     "AWSReservedSSO_ViewOnlyAccess_9c1e4b7a3d5f6081"]
    assert out[0]["body"]["IsTruncated"] is False
    first = out[1]["body"]
    assert first["IsTruncated"] is True and len(first["Roles"]) == 1 and first["Marker"]
    rest = aws_v1.botocore([("iam", "list_roles", {"PathPrefix": SSO_PREFIX,
                                                   "Marker": first["Marker"]})],
                           "test-profile", env=IAM_ENV)[0]["body"]
    assert [r["RoleName"] for r in rest["Roles"]] == names[1:] and not rest["IsTruncated"]
    every = {r["Arn"] for r in out[3]["body"]["Roles"]}
    assert "arn:aws:iam::%s:role/platform/eks-admin" % DEV in every
    assert all(":%s:" % DEV in arn for arn in every)      # IAM answers within an account
    # the CLI pages through on its own
    paged = iam(aws_v1, "list-roles", "--path-prefix", SSO_PREFIX, "--page-size", "1")
    assert [r["RoleName"] for r in paged["Roles"]] == names


def test_role_deleted_and_created_again(aws_v1, fresh_sandbox):
    """Control operations: delete (NoSuchEntity, not listed), create (new RoleId and
    CreateDate under the same ARN)."""
    before = iam(aws_v1, "get-role", "--role-name", "deployer")["Role"]
    fresh_sandbox.sb.delete_role(DEV, "deployer")
    code, _, msg = aws_v1.error("iam", "get-role", "--role-name", "deployer", *IAM,
                                profile="test-profile")
    assert (code, msg) == ("NoSuchEntity", "The role with name deployer cannot be found.")
    assert "deployer" not in {r["RoleName"] for r in iam(aws_v1, "list-roles")["Roles"]}
    fresh_sandbox.sb.create_role(DEV, "deployer")
    after = iam(aws_v1, "get-role", "--role-name", "deployer")["Role"]
    assert after["Arn"] == before["Arn"] == "arn:aws:iam::%s:role/ci/deployer" % DEV
    assert after["RoleId"] != before["RoleId"] and after["CreateDate"] > before["CreateDate"]


def test_permission_set_reprovisioned(aws_v1, fresh_sandbox):
    """A re-provisioned permission set: the old suffix is gone, the new role signs in."""
    fresh_sandbox.sb.reprovision(DEV, "ViewOnlyAccess", "0123456789abcdef")
    roles = iam(aws_v1, "list-roles", "--path-prefix", SSO_PREFIX)["Roles"]
    assert [r["RoleName"] for r in roles] == [
        "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7",
        "AWSReservedSSO_ViewOnlyAccess_0123456789abcdef"]
    ident = aws_v1.json("sts", "get-caller-identity", profile="dev-sso")
    assert "/AWSReservedSSO_ViewOnlyAccess_0123456789abcdef/" in ident["Arn"]
