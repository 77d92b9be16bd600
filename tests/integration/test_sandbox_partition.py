"""Fidelity: the partition follows the world (review row E9). The default world moved to
aws-us-gov / us-gov-west-1, driven with the real AWS CLI v1.45: principal, username, policy and
cluster ARNs in that partition; another partition's ARNs refused; IAM signed for
us-gov-west-1."""
import json
import os

import pytest

from conftest import SANDBOX_DIR, AwsV1, SandboxFixture, eks_token, find_aws_v1, \
    kubectl_with_token
from sandbox import Sandbox

DEV = "123456789999"
GOV_SSO = ("arn:aws-us-gov:iam::%s:role/aws-reserved/sso.amazonaws.com/us-gov-west-1/"
           "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7" % DEV)
GOV_POL = "arn:aws-us-gov:eks::aws:cluster-access-policy/"


@pytest.fixture(scope="module")
def gov(tmp_path_factory):
    text = open(os.path.join(SANDBOX_DIR, "world.yaml")).read()
    text = text.replace("arn:aws:", "arn:aws-us-gov:").replace("us-east-2", "us-gov-west-1")
    text = text.replace("partition: aws\n", "partition: aws-us-gov\n")
    directory = tmp_path_factory.mktemp("govbox")
    world = directory / "world.yaml"
    world.write_text(text)
    sb = Sandbox.start(str(directory / "home"), world=str(world))
    try:
        fixture = SandboxFixture(sb)
        path, bindir = find_aws_v1()
        yield fixture, AwsV1(fixture, path, bindir)
    finally:
        sb.stop()


def test_access_entries_in_govcloud(gov):
    sandbox, aws = gov
    cluster = aws.json("eks", "describe-cluster", "--name", "staging",
                       profile="test-profile")["cluster"]
    assert cluster["arn"] == "arn:aws-us-gov:eks:us-gov-west-1:%s:cluster/staging" % DEV
    assert cluster["roleArn"].startswith("arn:aws-us-gov:iam::%s:role/" % DEV)
    pols = aws.json("eks", "list-access-policies", profile="test-profile")["accessPolicies"]
    assert all(p["arn"] == GOV_POL + p["name"] for p in pols)
    entry = aws.json("eks", "create-access-entry", "--cluster-name", "staging",
                     "--principal-arn", GOV_SSO, profile="test-profile")["accessEntry"]
    assert entry["username"] == ("arn:aws-us-gov:sts::%s:assumed-role/"
                                 "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7/"
                                 "{{SessionName}}" % DEV)
    assert entry["accessEntryArn"].startswith("arn:aws-us-gov:eks:us-gov-west-1:")
    code, _, _ = aws.error("eks", "create-access-entry", "--cluster-name", "staging",
                           "--principal-arn", GOV_SSO.replace("aws-us-gov", "aws", 1),
                           profile="test-profile")
    assert code == "InvalidParameterException"
    code, _, _ = aws.error("eks", "associate-access-policy", "--cluster-name", "staging",
                           "--principal-arn", GOV_SSO, "--policy-arn",
                           "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                           "--access-scope", "type=cluster", profile="test-profile")
    assert code == "ResourceNotFoundException"
    aws.json("eks", "associate-access-policy", "--cluster-name", "staging", "--principal-arn",
             GOV_SSO, "--policy-arn", GOV_POL + "AmazonEKSViewPolicy", "--access-scope",
             "type=cluster", profile="test-profile")
    r = kubectl_with_token(sandbox, "staging", eks_token(aws, "staging", "test-profile"),
                           "auth", "whoami", "-o", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"]["userInfo"]["username"].startswith(
        "arn:aws-us-gov:sts::%s:assumed-role/" % DEV)


def test_iam_in_govcloud_is_signed_for_us_gov_west_1(gov):
    sandbox, aws = gov
    role = aws.json("iam", "get-role", "--region", "us-gov-west-1", "--role-name",
                    "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7",
                    profile="test-profile")["Role"]
    assert role["Arn"] == GOV_SSO
    code, _, msg = aws.error("iam", "get-role", "--region", "us-east-1", "--role-name",
                             "deployer", profile="test-profile")
    assert code == "SignatureDoesNotMatch" and "us-east-1" in msg
