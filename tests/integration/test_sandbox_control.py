"""The IAM and EKS control operations over HTTP (/_sandbox/, what shell scripts and the C++
tests use), through SandboxClient, with their effect seen by the AWS CLI v1.45."""
import pytest

from sandbox.client import SandboxClient

DEV = "123456789999"
IAM = ("--region", "us-east-1")


@pytest.fixture
def client(fresh_sandbox):
    return SandboxClient(fresh_sandbox.dir)


def test_role_life_cycle_over_http(client, aws_v1):
    before = aws_v1.json("iam", "get-role", "--role-name", "deployer", *IAM,
                         profile="test-profile")["Role"]["RoleId"]
    out = client.recreate_role(DEV, "deployer")
    assert out["arn"] == "arn:aws:iam::%s:role/ci/deployer" % DEV and out["roleId"] != before
    client.delete_role(DEV, "deployer")
    assert aws_v1.error("iam", "get-role", "--role-name", "deployer", *IAM,
                        profile="test-profile")[0] == "NoSuchEntity"
    again = client.create_role(DEV, "deployer")
    assert again["roleId"] not in (before, out["roleId"])
    new = client.reprovision(DEV, "AdministratorAccess", "00112233445566ff")
    assert new["arn"].endswith("/us-east-2/AWSReservedSSO_AdministratorAccess_00112233445566ff")
    client.reset()
    assert aws_v1.json("iam", "get-role", "--role-name", "deployer", *IAM,
                       profile="test-profile")["Role"]["RoleId"] == before


def test_eks_settings_and_error_faults_over_http(client, aws_v1):
    assert client.eks_settings("prod", update_seconds=5, access_entry_limit=7) == {
        "update_seconds": 5.0, "entry_delay_seconds": 0.0, "access_entry_limit": 7}
    fault = client.inject_fault("eks", "POST", path="/access-entries$", action="error",
                                status=400, code="InvalidParameterException",
                                message="The specified principalArn is invalid: invalid "
                                "principal.", body="ci-bot")
    assert (fault["action"], fault["body"]) == ("error", "ci-bot")
    code, op, msg = aws_v1.error("eks", "create-access-entry", "--cluster-name", "staging",
                                 "--principal-arn", "arn:aws:iam::%s:user/ci-bot" % DEV,
                                 profile="test-profile")
    assert (code, op, msg) == ("InvalidParameterException", "CreateAccessEntry",
                               "The specified principalArn is invalid: invalid principal.")
    client.reset()
    assert client.eks_settings("prod") == {"update_seconds": 0.0, "entry_delay_seconds": 0.0,
                                           "access_entry_limit": None}
