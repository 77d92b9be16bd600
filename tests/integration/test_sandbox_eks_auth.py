"""Fidelity: the sandbox API server authenticates EKS tokens as EKS does (aws-iam-authenticator
token.Verify, Canonicalize and the aws-auth rules; access entries per authentication mode).

Tokens here are presigned in-process with botocore's SigV4QueryAuth, exactly as
`aws eks get-token` builds them, so each rule is checked without a CLI start-up.
"""
import base64
import datetime
import json
import ssl
import urllib.error
import urllib.request

import pytest
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCOUNT = "123456789999"
ADMIN_ROLE = "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
PATH = "/aws-reserved/sso.amazonaws.com/us-east-2/"
PATHLESS = "arn:aws:iam::%s:role/%s" % (ACCOUNT, ADMIN_ROLE)
NODE_ROLE = "- rolearn: arn:aws:iam::123456789999:role/eks-node-role\n" \
            "  username: system:node:{{EC2PrivateDNSName}}\n" \
            "  groups: [system:bootstrappers, system:nodes]\n"


def presign(cred, cluster, when=None, expires=60, host="sts.us-east-2.amazonaws.com",
            extra="", scheme="https"):
    signer = SigV4QueryAuth(Credentials(cred.access_key_id, cred.secret,
                                        cred.session_token or None), "sts", "us-east-2",
                            expires=expires)
    req = AWSRequest(method="GET", url="https://%s/?Action=GetCallerIdentity&Version=2011-06-15"
                     "%s" % (host, extra), headers={"x-k8s-aws-id": cluster})
    when = when or datetime.datetime.now(datetime.timezone.utc)
    req.context["timestamp"] = when.strftime("%Y%m%dT%H%M%SZ")
    signer._modify_request_before_signing(req)
    signature = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
    signer._inject_signature_to_request(req, signature)
    return req.url.replace("https://", scheme + "://", 1)


def token_for(url):
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def whoami(sandbox, token, cluster="dev"):
    """POST a SelfSubjectReview with the token: (status, userInfo or Status)."""
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    req = urllib.request.Request(
        sandbox.cluster(cluster).state.endpoint +
        "/apis/authentication.k8s.io/v1/selfsubjectreviews", method="POST",
        data=json.dumps({"apiVersion": "authentication.k8s.io/v1",
                         "kind": "SelfSubjectReview"}).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=30) as resp:
            return resp.status, json.loads(resp.read())["status"]["userInfo"]
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def alice(sandbox):
    return sandbox.sb.issue_session("arn:aws:iam::%s:role%s%s" % (ACCOUNT, PATH, ADMIN_ROLE),
                                    "alice@example.com")


@pytest.fixture
def mapped(clean_aws_auth):
    """Set mapRoles (after the node role) on the dev cluster."""
    def put(map_roles, **other):
        data = {"mapRoles": NODE_ROLE + map_roles}
        data.update(other)
        clean_aws_auth.put_configmap(data)
    return put


def test_unmapped_identity_is_401_with_real_status(sandbox, alice, clean_aws_auth):
    status, body = whoami(sandbox, token_for(presign(alice, "dev")))
    assert status == 401
    assert body == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": "Unauthorized", "reason": "Unauthorized", "code": 401}


def test_mapped_with_templates(sandbox, alice, mapped):
    mapped('- rolearn: %s\n  username: "{{AccountID}}:{{SessionName}}:{{SessionNameRaw}}"\n'
           '  groups: ["team-{{AccountID}}"]\n' % PATHLESS)
    status, info = whoami(sandbox, token_for(presign(alice, "dev")))
    assert status == 201, info
    assert info["username"] == "123456789999:alice-example.com:alice@example.com"
    assert info["groups"] == ["team-123456789999", "system:authenticated"]
    assert info["uid"].startswith("aws-iam-authenticator:123456789999:AROA")
    assert info["extra"]["canonicalArn"] == [PATHLESS]


def test_role_arn_with_path_never_matches(sandbox, alice, mapped):
    mapped("- rolearn: arn:aws:iam::%s:role%s%s\n  username: admin\n" % (ACCOUNT, PATH,
                                                                         ADMIN_ROLE))
    assert whoami(sandbox, token_for(presign(alice, "dev")))[0] == 401


def test_keys_and_arn_are_case_insensitive(sandbox, alice, mapped):
    mapped("- RoleArn: %s\n  UserName: shouty\n" % PATHLESS.upper().replace("ARN:AWS:IAM",
                                                                            "arn:aws:iam"))
    status, info = whoami(sandbox, token_for(presign(alice, "dev")))
    assert (status, info["username"]) == (201, "shouty")


def test_last_duplicate_wins(sandbox, alice, mapped):
    mapped("- rolearn: %s\n  username: first\n- rolearn: %s\n  username: second\n"
           % (PATHLESS, PATHLESS.lower()))
    assert whoami(sandbox, token_for(presign(alice, "dev")))[1]["username"] == "second"


def test_bad_yaml_in_one_key_loses_only_that_key(sandbox, alice, mapped):
    good = "- rolearn: %s\n  username: ok\n" % PATHLESS
    mapped(good, mapUsers="- userarn: [unclosed\n")
    assert whoami(sandbox, token_for(presign(alice, "dev")))[1]["username"] == "ok"
    mapped(good + "- rolearn: x\n  username: {{SessionName}}\n")   # unquoted template: bad YAML
    assert whoami(sandbox, token_for(presign(alice, "dev")))[0] == 401


def test_map_users_and_map_accounts(sandbox, clean_aws_auth):
    ci = sandbox.world.creds["AKIAEKSBOXCIBOT00001"]
    status, info = whoami(sandbox, token_for(presign(ci, "dev")))
    assert (status, info["username"], info["groups"]) == (201, "ci-bot", ["ci-deployers",
                                                                          "system:authenticated"])
    sandbox.put_configmap({"mapAccounts": "- %s\n" % ACCOUNT})
    status, info = whoami(sandbox, token_for(presign(ci, "dev")))
    assert (status, info["username"]) == (201, "arn:aws:iam::123456789999:user/ci-bot")


@pytest.mark.parametrize("case", ["other-cluster", "expires-901", "extra-param", "old-date",
                                  "foreign-host", "http", "padded", "bad-prefix"])
def test_malformed_or_foreign_tokens_are_refused(sandbox, alice, mapped, case):
    mapped("- rolearn: %s\n  username: ok\n" % PATHLESS)
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)
    url = {"other-cluster": lambda: presign(alice, "staging"),
           "expires-901": lambda: presign(alice, "dev", expires=901),
           "extra-param": lambda: presign(alice, "dev", extra="&X-Amz-Foo=1"),
           "old-date": lambda: presign(alice, "dev", when=old),
           "foreign-host": lambda: presign(alice, "dev", host="sts.evil.example.com"),
           "http": lambda: presign(alice, "dev", scheme="http"),
           "padded": lambda: next(u for u in (presign(alice, "dev", expires=e)
                                                for e in (60, 600)) if len(u) % 3),
           "bad-prefix": lambda: presign(alice, "dev")}[case]()
    token = token_for(url)
    if case == "padded":
        token = "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode()
        assert token.endswith("=")
    if case == "bad-prefix":
        token = token.replace("k8s-aws-v1.", "k8s-aws-v2.")
    assert whoami(sandbox, token)[0] == 401
    assert whoami(sandbox, token_for(presign(alice, "dev")))[0] == 201   # the control


def test_sandbox_sts_host_is_an_sts_host(sandbox, alice, mapped):
    """Clients that honour AWS_ENDPOINT_URL_STS presign for the sandbox STS address."""
    mapped("- rolearn: %s\n  username: ok\n" % PATHLESS)
    host = sandbox.env["AWS_ENDPOINT_URL_STS"].split("//")[1]
    assert whoami(sandbox, token_for(presign(alice, "dev", host=host)))[0] == 201


def test_api_mode_uses_access_entries_only(sandbox):
    prod_role = sandbox.world.sso_role("210987654321", "AdministratorAccess")
    cred = sandbox.sb.issue_session(prod_role.arn, "alice@example.com")
    prod = sandbox.cluster("prod").state
    assert prod.delete_entry(prod_role.arn) is not None     # the creator's entry
    assert whoami(sandbox, token_for(presign(cred, "prod")), "prod")[0] == 401
    prod.put_entry(prod_role.arn)
    try:
        prod.associate(prod_role.arn, "arn:aws:eks::aws:cluster-access-policy/"
                       "AmazonEKSViewPolicy", {"type": "namespace",
                                               "namespaces": ["kube-system"]})
        status, info = whoami(sandbox, token_for(presign(cred, "prod")), "prod")
        assert status == 201, info
        assert info["username"] == ("arn:aws:sts::210987654321:assumed-role/%s/"
                                    "alice-example.com" % prod_role.name)
    finally:
        sandbox.reset()


def test_api_and_config_map_prefers_the_access_entry(sandbox, alice):
    staging = sandbox.cluster("staging")
    sandbox.put_configmap({"mapRoles": "- rolearn: %s\n  username: from-configmap\n"
                           % PATHLESS}, cluster="staging")
    try:
        status, info = whoami(sandbox, token_for(presign(alice, "staging")), "staging")
        assert (status, info["username"]) == (201, "from-configmap")
        staging.state.put_entry(alice.role.arn, "STANDARD", ["viewers"], "from-entry")
        status, info = whoami(sandbox, token_for(presign(alice, "staging")), "staging")
        assert (status, info["username"]) == (201, "from-entry")
        assert info["groups"] == ["viewers", "system:authenticated"]
    finally:
        staging.state.delete_entry(alice.role.arn)
        sandbox.reset_aws_auth("staging")


def test_config_map_mode_ignores_access_entries(sandbox, alice, clean_aws_auth):
    dev = sandbox.cluster("dev").state
    dev.put_entry(alice.role.arn, "STANDARD", [], "from-entry")
    try:
        assert whoami(sandbox, token_for(presign(alice, "dev")))[0] == 401
    finally:
        dev.delete_entry(alice.role.arn)
