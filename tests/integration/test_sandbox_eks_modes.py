"""Fidelity: authentication-mode changes as EKS makes them (one step at a time, never back,
asynchronous) and IAM denials naming the operation, with the real AWS CLI v1.45 (review rows
G4-G9)."""
import json

DEV = "123456789999"
SSO_DEV = ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/us-east-2/"
           "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7" % DEV)


def set_mode(aws_v1, cluster, mode, profile="test-profile"):
    return aws_v1.run("eks", "update-cluster-config", "--name", cluster, "--access-config",
                      "authenticationMode=" + mode, profile=profile)


def test_mode_ladder(aws_v1, fresh_sandbox):
    """G4-G6: only CONFIG_MAP -> API_AND_CONFIG_MAP -> API; the current mode is refused too."""
    for cur, new in (("CONFIG_MAP", "API"), ("CONFIG_MAP", "CONFIG_MAP")):
        code, op, msg = aws_v1.error("eks", "update-cluster-config", "--name", "dev",
                                     "--access-config", "authenticationMode=" + new,
                                     profile="test-profile")
        assert (code, op, msg) == ("InvalidParameterException", "UpdateClusterConfig",
                                   "Unsupported authentication mode update from %s to %s"
                                   % (cur, new))
    assert set_mode(aws_v1, "dev", "API_AND_CONFIG_MAP").returncode == 0
    for new in ("API_AND_CONFIG_MAP", "CONFIG_MAP"):
        code, _, msg = aws_v1.error("eks", "update-cluster-config", "--name", "dev",
                                    "--access-config", "authenticationMode=" + new,
                                    profile="test-profile")
        assert msg == "Unsupported authentication mode update from API_AND_CONFIG_MAP to " + new
    assert set_mode(aws_v1, "dev", "API").returncode == 0
    code, _, msg = aws_v1.error("eks", "update-cluster-config", "--name", "dev",
                                "--access-config", "authenticationMode=API_AND_CONFIG_MAP",
                                profile="test-profile")
    assert msg == "Unsupported authentication mode update from API to API_AND_CONFIG_MAP"


def test_mode_update_is_asynchronous(sandbox, aws_v1, fresh_sandbox):
    """G7: InProgress and UPDATING for the configured time, 409 meanwhile, then Successful."""
    sandbox.sb.eks_settings("dev", update_seconds=3600)
    r = set_mode(aws_v1, "dev", "API_AND_CONFIG_MAP")
    assert r.returncode == 0, r.stderr
    update = json.loads(r.stdout)["update"]
    assert update["status"] == "InProgress" and update["type"] == "AccessConfigUpdate"
    cluster = aws_v1.json("eks", "describe-cluster", "--name", "dev",
                          profile="test-profile")["cluster"]
    assert cluster["status"] == "UPDATING"
    assert cluster["accessConfig"]["authenticationMode"] == "CONFIG_MAP"
    code, _, _ = aws_v1.error("eks", "update-cluster-config", "--name", "dev",
                              "--access-config", "authenticationMode=API",
                              profile="test-profile")
    assert code == "ResourceInUseException"
    describe = ("eks", "describe-update", "--name", "dev", "--update-id", update["id"])
    assert aws_v1.json(*describe, profile="test-profile")["update"]["status"] == "InProgress"
    sandbox.sb.eks_settings("dev", update_seconds=0)       # the update completes
    assert aws_v1.json(*describe, profile="test-profile")["update"]["status"] == "Successful"
    cluster = aws_v1.json("eks", "describe-cluster", "--name", "dev",
                          profile="test-profile")["cluster"]
    assert (cluster["status"], cluster["accessConfig"]["authenticationMode"]) == (
        "ACTIVE", "API_AND_CONFIG_MAP")
    code, _, _ = aws_v1.error("eks", "describe-update", "--name", "dev", "--update-id",
                              "00000000-0000-0000-0000-000000000000", profile="test-profile")
    assert code == "ResourceNotFoundException"


def test_view_only_is_denied_every_write_by_name(aws_v1, fresh_sandbox):
    """G8, G9: a ViewOnlyAccess role reads, and each write is denied as its own action."""
    assert aws_v1.json("eks", "list-access-entries", "--cluster-name", "staging",
                       profile="dev-sso")["accessEntries"]
    aws_v1.json("eks", "create-access-entry", "--cluster-name", "staging", "--principal-arn",
                SSO_DEV, profile="test-profile")
    view = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
    cases = [
        ("UpdateClusterConfig", ["update-cluster-config", "--name", "staging",
                                 "--access-config", "authenticationMode=API"]),
        ("CreateAccessEntry", ["create-access-entry", "--cluster-name", "staging",
                               "--principal-arn", "arn:aws:iam::%s:user/ci-bot" % DEV]),
        ("UpdateAccessEntry", ["update-access-entry", "--cluster-name", "staging",
                               "--principal-arn", SSO_DEV, "--kubernetes-groups", "x"]),
        ("DeleteAccessEntry", ["delete-access-entry", "--cluster-name", "staging",
                               "--principal-arn", SSO_DEV]),
        ("AssociateAccessPolicy", ["associate-access-policy", "--cluster-name", "staging",
                                   "--principal-arn", SSO_DEV, "--policy-arn", view,
                                   "--access-scope", "type=cluster"]),
        ("DisassociateAccessPolicy", ["disassociate-access-policy", "--cluster-name",
                                      "staging", "--principal-arn", SSO_DEV, "--policy-arn",
                                      view]),
    ]
    for action, args in cases:
        code, op, msg = aws_v1.error("eks", *args, profile="dev-sso")
        assert (code, op) == ("AccessDeniedException", action), msg
        assert "is not authorized to perform: eks:%s on resource: " % action in msg
    mode = aws_v1.json("eks", "describe-cluster", "--name", "staging",
                       profile="dev-sso")["cluster"]["accessConfig"]["authenticationMode"]
    assert mode == "API_AND_CONFIG_MAP"
