"""The sandbox's access-entry API end to end with the AWS CLI v1.45 (create, update, describe,
associate, list associated, disassociate, delete) and every error the EKS model lists for those
operations, each produced the way EKS produces it (faults for the server-side ones)."""
DEV = "123456789999"
SSO_DEV = ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/us-east-2/"
           "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7" % DEV)
VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
EDIT = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"


def test_access_entry_life_cycle(aws_v1, fresh_sandbox):
    def eks(*args):
        return aws_v1.json("eks", *args, "--cluster-name", "staging", profile="test-profile")

    entry = eks("create-access-entry", "--principal-arn", SSO_DEV, "--kubernetes-groups",
                "viewers", "--tags", "team=ops")["accessEntry"]
    assert (entry["type"], entry["kubernetesGroups"], entry["tags"]) == (
        "STANDARD", ["viewers"], {"team": "ops"})
    entry = eks("update-access-entry", "--principal-arn", SSO_DEV, "--username",
                "sso:{{SessionName}}", "--kubernetes-groups", "devs", "ops")["accessEntry"]
    assert (entry["username"], entry["kubernetesGroups"]) == ("sso:{{SessionName}}",
                                                              ["devs", "ops"])
    eks("associate-access-policy", "--principal-arn", SSO_DEV, "--policy-arn", VIEW,
        "--access-scope", "type=namespace,namespaces=dev,default")
    first = eks("associate-access-policy", "--principal-arn", SSO_DEV, "--policy-arn", EDIT,
                "--access-scope", "type=namespace,namespaces=dev")["associatedAccessPolicy"]
    again = eks("associate-access-policy", "--principal-arn", SSO_DEV, "--policy-arn", EDIT,
                "--access-scope", "type=cluster")["associatedAccessPolicy"]
    assert again["associatedAt"] == first["associatedAt"]
    assert again["accessScope"] == {"type": "cluster", "namespaces": []}
    listed = eks("list-associated-access-policies", "--principal-arn", SSO_DEV)
    assert {a["policyArn"]: a["accessScope"] for a in listed["associatedAccessPolicies"]} == {
        VIEW: {"type": "namespace", "namespaces": ["dev", "default"]},
        EDIT: {"type": "cluster", "namespaces": []}}
    assert eks("list-access-entries", "--associated-policy-arn", EDIT)["accessEntries"] == [
        SSO_DEV]
    eks("disassociate-access-policy", "--principal-arn", SSO_DEV, "--policy-arn", EDIT)
    code, _, _ = aws_v1.error("eks", "disassociate-access-policy", "--cluster-name",
                              "staging", "--principal-arn", SSO_DEV, "--policy-arn", EDIT,
                              profile="test-profile")
    assert code == "ResourceNotFoundException"
    eks("delete-access-entry", "--principal-arn", SSO_DEV)
    code, op, msg = aws_v1.error("eks", "delete-access-entry", "--cluster-name", "staging",
                                 "--principal-arn", SSO_DEV, profile="test-profile")
    assert (code, op) == ("ResourceNotFoundException", "DeleteAccessEntry")
    assert msg == ("The specified principalArn could not be found. You can view your available "
                   "access entries with 'list-access-entries'.")
    eks("create-access-entry", "--principal-arn", SSO_DEV)
    assert eks("list-associated-access-policies", "--principal-arn", SSO_DEV)[
        "associatedAccessPolicies"] == []


def test_every_model_error_of_the_access_entry_api(sandbox, aws_v1, fresh_sandbox):
    """ServerException, ServiceUnavailableException, ClientException, ThrottlingException
    (UpdateClusterConfig) from faults; the others from the requests EKS refuses."""
    sandbox.sb.eks_settings("staging", access_entry_limit=3)
    sandbox.inject_fault("eks", "GET", path="^/clusters/staging/access-entries$", status=500)
    sandbox.inject_fault("eks", "GET", path="^/access-policies", status=503)
    sandbox.inject_fault("eks", "GET", path="^/clusters/prod$", status=400)
    sandbox.inject_fault("eks", "POST", path="/update-config$", status=429)
    p = dict(clusterName="staging", principalArn=SSO_DEV)
    out = aws_v1.botocore([
        ("eks", "list_access_entries", {"clusterName": "staging"}),        # fault 500
        ("eks", "list_access_policies", {}),                               # fault 503
        ("eks", "update_cluster_config", {"name": "staging", "accessConfig": {
            "authenticationMode": "API"}}),                                # fault 429
        ("eks", "describe_access_entry", {"clusterName": "dev", "principalArn": SSO_DEV}),
        ("eks", "describe_access_entry", {"clusterName": "nope", "principalArn": SSO_DEV}),
        ("eks", "create_access_entry", dict(p, kubernetesGroups=["system:masters"])),
        ("eks", "create_access_entry", p),
        ("eks", "create_access_entry", p),
        ("eks", "create_access_entry", {"clusterName": "staging", "principalArn":
                                        "arn:aws:iam::%s:user/ci-bot" % DEV}),
    ], "test-profile")
    got = [(r["status"], r.get("code")) for r in out]
    assert got == [(500, "ServerException"), (503, "ServiceUnavailableException"),
                   (429, "ThrottlingException"), (400, "InvalidRequestException"),
                   (404, "ResourceNotFoundException"), (400, "InvalidParameterException"),
                   (200, None), (409, "ResourceInUseException"),
                   (400, "ResourceLimitExceededException")], out
    prod = aws_v1.botocore([("eks", "describe_cluster", {"name": "prod"})], "prod-sso")
    assert [(r["status"], r.get("code")) for r in prod] == [(400, "ClientException")]
