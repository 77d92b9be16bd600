"""Fidelity: the sandbox's EKS access-entry API refuses what EKS refuses, checked with the real
AWS CLI v1.45 / botocore 1.43 (the review sandbox-eks-fidelity-2026-11-30, rows A5-A7, B2-B8,
C1-C2, D5-D8, E1, E3, E9, H2, H3; the EKS model's ResourceLimitExceededException)."""
import pytest

DEV = "123456789999"
PROD = "210987654321"
SSO_DEV = ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/us-east-2/"
           "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7" % DEV)
SSO_PROD = ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/"
            "AWSReservedSSO_AdministratorAccess_7ab3e61f0c92d448" % PROD)
VIEW_DEV = ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/us-east-2/"
            "AWSReservedSSO_ViewOnlyAccess_9c1e4b7a3d5f6081" % DEV)
SLR = ("arn:aws:iam::%s:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"
       % PROD)
NODE_DEV = "arn:aws:iam::%s:role/eks-node-role" % DEV
NODE_PROD = "arn:aws:iam::%s:role/eks-node-role" % PROD
CI_BOT = "arn:aws:iam::%s:user/ci-bot" % DEV
CREATOR_STAGING = "arn:aws:iam::%s:role/platform/eks-admin" % DEV
POL = "arn:aws:eks::aws:cluster-access-policy/"
INVALID = "InvalidParameterException"


def create(principal, cluster="staging", **kw):
    return ("eks", "create_access_entry", dict(clusterName=cluster, principalArn=principal,
                                                **kw))


def update(principal, cluster="staging", **kw):
    return ("eks", "update_access_entry", dict(clusterName=cluster, principalArn=principal,
                                                **kw))


def codes(results):
    return [(r["status"], r.get("code")) for r in results]


@pytest.fixture
def eks(fresh_sandbox, aws_v1):
    """botocore 1.43 calls as test-profile (AdministratorAccess of the staging account)."""
    return lambda *calls, profile="test-profile": aws_v1.botocore(list(calls), profile)


def test_username_rules_on_create_and_update(eks):
    """D6, D7, D8: reserved prefixes, a ':' before {{SessionName}}, no {{SessionNameRaw}}."""
    refused = ["system:admin", "eks:admin", "aws:x", "amazon:x", "iam:x", "john{{SessionName}}",
               "sso:{{SessionNameRaw}}"]
    out = eks(*[create(SSO_DEV, username=u) for u in refused])
    assert codes(out) == [(400, INVALID)] * len(refused), out
    out = eks(create(SSO_DEV, username=":john{{SessionName}}"),
              update(SSO_DEV, username="jo:hn{{SessionName}}"),
              update(SSO_DEV, username="system:node:evil"),
              update(SSO_DEV, username="x{{SessionName}}"),
              ("eks", "describe_access_entry", dict(clusterName="staging",
                                                     principalArn=SSO_DEV)))
    assert codes(out) == [(200, None), (200, None), (400, INVALID), (400, INVALID),
                          (200, None)], out
    assert out[-1]["body"]["accessEntry"]["username"] == "jo:hn{{SessionName}}"


def test_system_groups_refused_on_update_and_nothing_stored(aws_v1, fresh_sandbox):
    """D5: update-access-entry --kubernetes-groups system:masters is refused, as on create."""
    aws_v1.json("eks", "create-access-entry", "--cluster-name", "staging", "--principal-arn",
                SSO_DEV, "--kubernetes-groups", "viewers", profile="test-profile")
    code, op, msg = aws_v1.error("eks", "update-access-entry", "--cluster-name", "staging",
                                 "--principal-arn", SSO_DEV, "--kubernetes-groups",
                                 "system:masters", profile="test-profile")
    assert (code, op) == (INVALID, "UpdateAccessEntry")
    assert msg == "The kubernetes group name system:masters is invalid, it cannot start with " \
                  "system:"
    entry = aws_v1.json("eks", "describe-access-entry", "--cluster-name", "staging",
                        "--principal-arn", SSO_DEV, profile="test-profile")["accessEntry"]
    assert entry["kubernetesGroups"] == ["viewers"]


def test_node_entries(eks):
    """B2, B3, B5, B7, B8: who may be a node entry, its defaults, and that it is not editable."""
    out = eks(create("arn:aws:iam::%s:role/eks-node-role" % PROD, type="EC2_LINUX"),
              create(CI_BOT, type="EC2_LINUX"),
              update(NODE_DEV, kubernetesGroups=["devs"]),
              ("eks", "describe_access_entry", dict(clusterName="staging",
                                                     principalArn=NODE_DEV)),
              create("arn:aws:iam::%s:role/ci/deployer" % DEV, type="HYBRID_LINUX"),
              ("eks", "delete_access_entry", dict(clusterName="staging",
                                                   principalArn=NODE_DEV)),
              create(NODE_DEV, type="EC2_WINDOWS"))
    assert codes(out) == [(400, INVALID), (400, INVALID), (400, INVALID), (200, None),
                          (200, None), (200, None), (200, None)], out
    assert out[3]["body"]["accessEntry"]["kubernetesGroups"] == ["system:nodes"]
    assert out[4]["body"]["accessEntry"]["username"] == "system:node:{{SessionName}}"
    assert out[6]["body"]["accessEntry"]["kubernetesGroups"] == ["system:nodes"]
    assert out[6]["body"]["accessEntry"]["username"] == "system:node:{{EC2PrivateDNSName}}"


def test_service_linked_role_entry_is_listed_and_not_modifiable(aws_v1, fresh_sandbox):
    """A5: prod holds EKS's own service-linked role entry; no one may change it."""
    listed = aws_v1.json("eks", "list-access-entries", "--cluster-name", "prod",
                         profile="prod-sso")["accessEntries"]
    assert SLR in listed
    msg = ("The caller is not allowed to modify access entries with a principalArn value of a "
           "Service Linked Role")
    for args in (["update-access-entry", "--kubernetes-groups", "x"], ["delete-access-entry"]):
        code, _, text = aws_v1.error("eks", args[0], "--cluster-name", "prod",
                                     "--principal-arn", SLR, *args[1:], profile="prod-sso")
        assert (code, text) == (INVALID, msg)
    out = aws_v1.botocore([create(SLR, cluster="prod")], "prod-sso")
    assert (out[0]["status"], out[0]["code"], out[0]["message"]) == (400, INVALID, msg)


def test_principal_in_the_uri_must_be_an_iam_arn(eks):
    """A7: an access-entry ARN or garbage in {principalArn} is a 400, not a 404."""
    entry_arn = eks(("eks", "describe_access_entry", dict(
        clusterName="staging", principalArn=NODE_DEV)))[0]["body"]["accessEntry"][
        "accessEntryArn"]
    assert entry_arn.startswith("arn:aws:eks:us-east-2:%s:access-entry/staging/role/%s/"
                                "eks-node-role/" % (DEV, DEV))
    calls = []
    for bad in (entry_arn, "garbage", "arn:aws:sts::%s:assumed-role/r/s" % DEV):
        p = dict(clusterName="staging", principalArn=bad)
        calls += [("eks", "describe_access_entry", p), ("eks", "delete_access_entry", p),
                  ("eks", "list_associated_access_policies", p),
                  ("eks", "disassociate_access_policy",
                   dict(p, policyArn=POL + "AmazonEKSViewPolicy"))]
    out = eks(*calls)
    assert {(r["status"], r["code"], r["message"]) for r in out} == {
        (400, INVALID, "The principalArn parameter format is not valid")}, out
    missing = eks(("eks", "describe_access_entry", dict(clusterName="staging",
                                                        principalArn=SSO_DEV)))
    assert codes(missing) == [(404, "ResourceNotFoundException")]


def test_creator_entry(aws_v1, fresh_sandbox):
    """C2: the creator's entry (path-ful SSO role, cluster admin); creating it again is 409."""
    cluster = aws_v1.json("eks", "describe-cluster", "--name", "prod", profile="prod-sso")
    assert cluster["cluster"]["accessConfig"] == {
        "bootstrapClusterCreatorAdminPermissions": True, "authenticationMode": "API"}
    assocs = aws_v1.json("eks", "list-associated-access-policies", "--cluster-name", "prod",
                         "--principal-arn", SSO_PROD, profile="prod-sso")
    assert [(a["policyArn"], a["accessScope"]) for a in assocs["associatedAccessPolicies"]] == [
        (POL + "AmazonEKSClusterAdminPolicy", {"type": "cluster", "namespaces": []})]
    code, _, msg = aws_v1.error("eks", "create-access-entry", "--cluster-name", "prod",
                                "--principal-arn", SSO_PROD, profile="prod-sso")
    assert (code, msg) == ("ResourceInUseException", "The specified access entry resource is "
                           "already in use on this cluster.")
    staging = aws_v1.json("eks", "list-access-entries", "--cluster-name", "staging",
                          profile="test-profile")["accessEntries"]
    assert staging == sorted([NODE_DEV, CREATOR_STAGING])
    # dev is CONFIG_MAP: its creator gets the entry when access entries are turned on
    aws_v1.json("eks", "update-cluster-config", "--name", "dev", "--access-config",
                "authenticationMode=API_AND_CONFIG_MAP", profile="test-profile")
    dev = aws_v1.json("eks", "list-access-entries", "--cluster-name", "dev",
                      "--associated-policy-arn", POL + "AmazonEKSClusterAdminPolicy",
                      profile="test-profile")["accessEntries"]
    assert dev == [CREATOR_STAGING]


def test_policy_catalogue_and_scope_shape(aws_v1, eks):
    """E1: the 19 managed policies of the CLI's example; E3: cluster scope shape."""
    pols = aws_v1.json("eks", "list-access-policies", profile="test-profile")["accessPolicies"]
    names = {p["name"] for p in pols}
    assert len(names) >= 19 and {"AmazonEKSHybridPolicy", "AmazonEMRJobPolicy",
                                 "AmazonEKSNetworkingClusterPolicy",
                                 "AmazonSagemakerHyperpodSystemNamespacePolicy"} <= names
    assert all(p["arn"] == POL + p["name"] for p in pols)
    p = dict(clusterName="staging", principalArn=SSO_DEV)
    out = eks(create(SSO_DEV),
              ("eks", "associate_access_policy", dict(
                  p, policyArn=POL + "AmazonEKSHybridPolicy",
                  accessScope={"type": "cluster", "namespaces": ["default"]})),
              ("eks", "associate_access_policy", dict(
                  p, policyArn=POL + "AmazonEKSViewPolicy", accessScope={"type": "namespace"})),
              ("eks", "associate_access_policy", dict(
                  p, policyArn="arn:aws-us-gov:eks::aws:cluster-access-policy/"
                  "AmazonEKSViewPolicy", accessScope={"type": "cluster"})),
              ("eks", "list_associated_access_policies", p))
    assert codes(out) == [(200, None), (200, None), (400, INVALID),
                          (404, "ResourceNotFoundException"), (200, None)], out
    assert out[1]["body"]["associatedAccessPolicy"]["accessScope"] == {"type": "cluster",
                                                                       "namespaces": []}
    assert [a["accessScope"] for a in out[4]["body"]["associatedAccessPolicies"]] == [
        {"type": "cluster", "namespaces": []}]


def test_pagination_is_checked_and_tokens_are_opaque(aws_v1, eks):
    """H1-H3: maxResults 1..100; nextToken opaque, and a forged one is a 400."""
    out = eks(create(SSO_DEV), create(VIEW_DEV), create(CI_BOT),
              ("eks", "list_access_entries", dict(clusterName="staging", maxResults=2)),
              ("eks", "list_access_entries", dict(clusterName="staging", maxResults=101)),
              ("eks", "list_access_entries", dict(clusterName="staging", nextToken="2")),
              ("eks", "list_access_policies", dict(maxResults=1000)),
              ("eks", "list_clusters", dict(nextToken="garbage")))
    assert codes(out) == [(200, None)] * 4 + [(400, INVALID)] * 4, out
    first = out[3]["body"]
    assert len(first["accessEntries"]) == 2 and not first["nextToken"].isdigit()
    rest = eks(("eks", "list_access_entries", dict(clusterName="staging",
                                                    nextToken=first["nextToken"])),
               ("eks", "list_access_entries", dict(clusterName="prod",
                                                    nextToken=first["nextToken"])),
               profile="test-profile")
    assert codes(rest) == [(200, None), (404, "ResourceNotFoundException")]
    assert len(rest[0]["body"]["accessEntries"]) == 3 and "nextToken" not in rest[0]["body"]
    # the CLI pages through with its own tokens
    every = aws_v1.json("eks", "list-access-entries", "--cluster-name", "staging",
                        "--page-size", "1", profile="test-profile")["accessEntries"]
    assert sorted(every) == sorted([NODE_DEV, CREATOR_STAGING, SSO_DEV, VIEW_DEV, CI_BOT])


def test_access_entry_limit(sandbox, aws_v1, eks):
    """The model's ResourceLimitExceededException, once a cluster's quota is reached."""
    sandbox.sb.eks_settings("staging", access_entry_limit=3)
    out = eks(create(SSO_DEV), create(VIEW_DEV))
    assert codes(out) == [(200, None), (400, "ResourceLimitExceededException")], out


def test_transient_invalid_principal_can_be_injected(sandbox, aws_v1, eks):
    """A6: IAM's eventual consistency, as a fault on one principal's create."""
    sandbox.inject_fault("eks", "POST", path="/access-entries$", count=2, action="error",
                         status=400, code=INVALID, body="ViewOnlyAccess",
                         message="The specified principalArn is invalid: invalid principal.")
    out = eks(create(SSO_DEV), create(VIEW_DEV), create(VIEW_DEV), create(VIEW_DEV))
    assert [(r["status"], r.get("code"), r.get("message")) for r in out] == [
        (200, None, None),
        (400, INVALID, "The specified principalArn is invalid: invalid principal."),
        (400, INVALID, "The specified principalArn is invalid: invalid principal."),
        (200, None, None)], out
