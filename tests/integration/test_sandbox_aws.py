"""Fidelity: the real AWS CLI (Debian's, /usr/bin/aws) and botocore against the sandbox's AWS
services; forged, mis-signed and expired requests are refused with AWS's errors."""
import base64
import hashlib
import datetime
import json
import os
import shutil
import ssl
import urllib.error
import urllib.parse
import urllib.request

import botocore.session
import pytest
import yaml
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

CI_KEY = "AKIAEKSBOXCIBOT00001"
ADMIN_ROLE = "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
ADMIN_ARN = ("arn:aws:sts::123456789999:assumed-role/%s/alice@example.com" % ADMIN_ROLE)
SSO_PATH = "/aws-reserved/sso.amazonaws.com/us-east-2/"


def cli_json(r):
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def client(sandbox, service, key=CI_KEY, secret=None, token=None, region="us-east-2"):
    """A botocore client pointed at the sandbox (botocore 1.29 needs endpoint_url passed)."""
    if secret is None:
        secret = sandbox.world.creds[CI_KEY].secret
    session = botocore.session.Session()
    session.set_credentials(key, secret, token)
    return session.create_client(service, region_name=region,
                                 endpoint_url=sandbox.sb.url(service),
                                 verify=sandbox.env["AWS_CA_BUNDLE"],
                                 config=Config(retries={"max_attempts": 1}))


def env_with_keys(sandbox, key, secret, token=None):
    env = dict(sandbox.env, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret)
    if token:
        env["AWS_SESSION_TOKEN"] = token
    return env


def https_get(sandbox, url, headers=None):
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


# ---- the real CLI is accepted ---------------------------------------------------------------
def test_cli_static_keys_with_endpoint_url(sandbox):
    ident = cli_json(sandbox.aws("sts", "get-caller-identity", "--endpoint-url",
                                 sandbox.env["AWS_ENDPOINT_URL_STS"], profile="ci-bot"))
    assert ident["Arn"] == "arn:aws:iam::123456789999:user/ci-bot"
    assert ident["Account"] == "123456789999"
    assert ident["UserId"].startswith("AIDA")


@pytest.mark.parametrize("profile", ["test-profile", "legacy-sso"])
def test_cli_sso_profiles_identify_as_the_sso_role(sandbox, profile):
    ident = cli_json(sandbox.aws("sts", "get-caller-identity", profile=profile))
    assert ident["Arn"] == ADMIN_ARN
    assert ident["UserId"].endswith(":alice@example.com") and ident["UserId"].startswith("AROA")


def test_cli_eks_get_token(sandbox):
    cred = cli_json(sandbox.aws("eks", "get-token", "--cluster-name", "dev", "--output", "json",
                                profile="test-profile"))
    assert cred["kind"] == "ExecCredential"
    assert cred["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    token = cred["status"]["token"]
    assert token.startswith("k8s-aws-v1.") and "=" not in token
    raw = token[len("k8s-aws-v1."):]
    url = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert q["Action"] == "GetCallerIdentity" and q["X-Amz-Expires"] == "60"
    assert "x-k8s-aws-id" in q["X-Amz-SignedHeaders"].split(";")
    # the presigned URL replays against the sandbox STS (as the EKS authenticator does)...
    sts = sandbox.env["AWS_ENDPOINT_URL_STS"]
    host = urllib.parse.urlsplit(url).netloc
    query = urllib.parse.urlsplit(url).query
    status, body = https_get(sandbox, sts + "/?" + query, {
        "Host": host, "x-k8s-aws-id": "dev", "Accept": "application/json"})
    assert status == 200, body
    result = json.loads(body)["GetCallerIdentityResponse"]["GetCallerIdentityResult"]
    assert result["Arn"] == ADMIN_ARN
    # ...only for the cluster it was signed for...
    status, body = https_get(sandbox, sts + "/?" + query, {"Host": host, "x-k8s-aws-id": "prod"})
    assert status == 403 and "<Code>SignatureDoesNotMatch</Code>" in body
    # ...and not once its signature is tampered with.
    sig = q["X-Amz-Signature"]
    forged = query.replace(sig, ("0" if sig[0] != "0" else "1") + sig[1:])
    status, body = https_get(sandbox, sts + "/?" + forged, {"Host": host, "x-k8s-aws-id": "dev"})
    assert status == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in body
    assert "<Type>Sender</Type>" in body and "<ErrorResponse" in body


def test_cli_wrong_secret_is_refused(sandbox):
    r = sandbox.aws("sts", "get-caller-identity",
                    env=env_with_keys(sandbox, CI_KEY, "wrong/secret/0000000000000000000000000"))
    assert r.returncode == 254
    assert "An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity " \
           "operation: The request signature we calculated does not match" in r.stderr


def test_cli_unknown_key_is_refused(sandbox):
    r = sandbox.aws("sts", "get-caller-identity",
                    env=env_with_keys(sandbox, "AKIAUNKNOWN000000000", "x" * 40))
    assert "(InvalidClientTokenId) when calling the GetCallerIdentity operation: The security " \
           "token included in the request is invalid." in r.stderr


def test_cli_expired_session_is_refused(sandbox):
    role = "arn:aws:iam::123456789999:role%s%s" % (SSO_PATH, ADMIN_ROLE)
    cred = sandbox.sb.issue_session(role, "alice@example.com", seconds=-60)
    r = sandbox.aws("sts", "get-caller-identity", env=env_with_keys(
        sandbox, cred.access_key_id, cred.secret, cred.session_token))
    assert "(ExpiredToken) when calling the GetCallerIdentity operation: The security token " \
           "included in the request is expired" in r.stderr


def test_cli_iam_get_role_has_the_sso_path(sandbox):
    role = cli_json(sandbox.aws("iam", "get-role", "--role-name", ADMIN_ROLE,
                                profile="test-profile"))["Role"]
    assert role["Path"] == SSO_PATH
    assert role["Arn"] == "arn:aws:iam::123456789999:role%s%s" % (SSO_PATH, ADMIN_ROLE)


def test_cli_eks_describe_cluster(sandbox):
    cluster = cli_json(sandbox.aws("eks", "describe-cluster", "--name", "dev",
                                   profile="test-profile"))["cluster"]
    assert cluster["endpoint"] == sandbox.cluster("dev").state.endpoint
    assert cluster["status"] == "ACTIVE"
    # CLI 2.9's EKS model predates accessConfig, so read it from the wire
    status, doc = eks_call(sandbox, "GET", "/clusters/dev")
    assert doc["cluster"]["accessConfig"]["authenticationMode"] == "CONFIG_MAP"
    ca = base64.b64decode(cluster["certificateAuthority"]["data"]).decode()
    assert ca == open(sandbox.env["AWS_CA_BUNDLE"]).read()
    r = sandbox.aws("eks", "describe-cluster", "--name", "nope", profile="test-profile")
    assert "(ResourceNotFoundException) when calling the DescribeCluster operation: No cluster " \
           "found for name: nope." in r.stderr


def test_cli_sso_session_token_is_refreshed_and_rotated(sandbox):
    """Inside the 15-minute window the CLI refreshes with SSO-OIDC CreateToken."""
    name = hashlib.sha1(sandbox.world.session_name.encode()).hexdigest() + ".json"
    path = os.path.join(sandbox.dir, ".aws", "sso", "cache", name)
    with open(path) as f:
        before = json.load(f)
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    with open(path, "w") as f:
        json.dump(dict(before, expiresAt=soon.strftime("%Y-%m-%dT%H:%M:%SZ")), f)
    # Role credentials cached by an earlier test (the CLI's or kubectl-ssomap's, same format)
    # would let the CLI skip the SSO token altogether.
    shutil.rmtree(os.path.join(sandbox.dir, ".aws", "cli", "cache"), ignore_errors=True)
    ident = cli_json(sandbox.aws("sts", "get-caller-identity", profile="dev-sso"))
    assert ident["Arn"].startswith("arn:aws:sts::123456789999:assumed-role/"
                                   "AWSReservedSSO_ViewOnlyAccess_9c1e4b7a3d5f6081/")
    with open(path) as f:
        after = json.load(f)
    assert after["accessToken"] != before["accessToken"]
    assert after["refreshToken"] != before["refreshToken"]
    assert [r["path"] for r in sandbox.requests("sso-oidc")][-1:] == ["/token"]


def test_cli_assume_role(sandbox):
    out = cli_json(sandbox.aws("sts", "assume-role", "--role-arn",
                               "arn:aws:iam::123456789999:role/ci/deployer",
                               "--role-session-name", "deploy-1", profile="ci-bot"))
    assert out["AssumedRoleUser"]["Arn"] == \
        "arn:aws:sts::123456789999:assumed-role/deployer/deploy-1"
    assert out["Credentials"]["AccessKeyId"].startswith("ASIA")


# ---- botocore as the reference client (fast, in-process) -----------------------------------
def test_assume_role_denied_for_an_untrusted_caller(sandbox):
    role = "arn:aws:iam::123456789999:role/eks-node-role"
    with pytest.raises(ClientError) as exc:
        client(sandbox, "sts").assume_role(RoleArn=role, RoleSessionName="x1")
    err = exc.value.response
    assert err["Error"]["Code"] == "AccessDenied"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert err["Error"]["Message"] == ("User: arn:aws:iam::123456789999:user/ci-bot is not "
                                       "authorized to perform: sts:AssumeRole on resource: " + role)


def test_assume_role_with_web_identity_is_unsigned(sandbox):
    claims = {"iss": "https://token.actions.githubusercontent.com", "sub": "repo:o/r",
              "aud": "sts.amazonaws.com"}
    jwt = "e30." + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip(
        "=") + ".c2ln"
    sts = client(sandbox, "sts")
    sts.meta.events.register("choose-signer", lambda **kw: botocore.UNSIGNED)
    out = sts.assume_role_with_web_identity(
        RoleArn="arn:aws:iam::123456789999:role/ci/deployer", RoleSessionName="gha",
        WebIdentityToken=jwt)
    assert out["AssumedRoleUser"]["Arn"].endswith(":assumed-role/deployer/gha")
    assert out["SubjectFromWebIdentityToken"] == "repo:o/r"


def test_sts_json_and_xml_shapes(sandbox):
    sts = client(sandbox, "sts")
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    status, body = https_get(sandbox, url)
    assert status == 200 and body.startswith("<GetCallerIdentityResponse xmlns="
                                             "\"https://sts.amazonaws.com/doc/2011-06-15/\">")
    status, body = https_get(sandbox, url, {"Accept": "application/json"})
    doc = json.loads(body)
    assert set(doc["GetCallerIdentityResponse"]) == {"GetCallerIdentityResult",
                                                     "ResponseMetadata"}
    status, body = https_get(sandbox, url.replace("X-Amz-Signature=", "X-Amz-Signature=0"),
                             {"Accept": "application/json"})
    assert status == 403
    assert json.loads(body)["Error"]["Code"] == "SignatureDoesNotMatch"


def test_sso_portal(sandbox):
    name = hashlib.sha1(sandbox.world.start_url.encode()).hexdigest() + ".json"
    path = os.path.join(sandbox.dir, ".aws", "sso", "cache", name)
    token = json.load(open(path))["accessToken"]
    sso = client(sandbox, "sso")
    accounts = sso.list_accounts(accessToken=token)["accountList"]
    assert {a["accountId"] for a in accounts} == {"123456789999", "210987654321"}
    roles = sso.list_account_roles(accessToken=token, accountId="123456789999")["roleList"]
    assert {r["roleName"] for r in roles} == {"AdministratorAccess", "ViewOnlyAccess"}
    creds = sso.get_role_credentials(accessToken=token, accountId="123456789999",
                                     roleName="ViewOnlyAccess")["roleCredentials"]
    assert creds["accessKeyId"].startswith("ASIA") and creds["expiration"] > 1e12  # millis
    with pytest.raises(ClientError) as exc:
        sso.list_accounts(accessToken="not-a-token")
    assert exc.value.response["Error"]["Code"] == "UnauthorizedException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401
    with pytest.raises(ClientError) as exc:
        sso.get_role_credentials(accessToken=token, accountId="210987654321",
                                 roleName="ViewOnlyAccess")
    assert exc.value.response["Error"]["Code"] == "ForbiddenException"


def eks_call(sandbox, method, path, body=None, key=CI_KEY, secret=None):
    """A SigV4-signed rest-json call (botocore 1.29 predates the access-entry API)."""
    secret = secret or sandbox.world.creds[key].secret
    data = json.dumps(body).encode() if body is not None else b""
    url = sandbox.sb.url("eks") + path
    req = AWSRequest(method=method, url=url, data=data,
                     headers={"Content-Type": "application/json"} if body is not None else {})
    SigV4Auth(Credentials(key, secret), "eks", "us-east-2").add_auth(req)
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    http = urllib.request.Request(url, data=data or None, method=method,
                                  headers=dict(req.headers.items()))
    try:
        with urllib.request.urlopen(http, context=ctx, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        doc = json.loads(exc.read())
        doc["__type"] = exc.headers.get("x-amzn-ErrorType", "").split(":")[0]
        return exc.code, doc


def entry_path(cluster, arn, *rest):
    return "/clusters/%s/access-entries/%s" % (cluster, "/".join(
        [urllib.parse.quote(arn, safe="")] + [urllib.parse.quote(r, safe="") for r in rest]))


def test_eks_access_entry_api(sandbox):
    status, err = eks_call(sandbox, "GET", "/clusters/dev/access-entries")
    assert (status, err["__type"]) == (400, "InvalidRequestException")
    assert "authentication mode must be set to one of [API, API_AND_CONFIG_MAP]" in \
        err["message"]
    pathful = "arn:aws:iam::123456789999:role%s%s" % (SSO_PATH, ADMIN_ROLE)
    pathless = "arn:aws:iam::123456789999:role/" + ADMIN_ROLE
    create = "/clusters/staging/access-entries"
    status, err = eks_call(sandbox, "POST", create, {"principalArn": pathless})
    assert (status, err["__type"], err["message"]) == (
        400, "InvalidParameterException",
        "The specified principalArn is invalid: invalid principal.")
    status, err = eks_call(sandbox, "POST", create, {"principalArn": ADMIN_ARN})
    assert (status, err["message"]) == (400, "The principalArn parameter format is not valid")
    status, out = eks_call(sandbox, "POST", create, {"principalArn": pathful,
                                                     "kubernetesGroups": ["viewers"]})
    assert status == 200, out
    try:
        entry = out["accessEntry"]
        assert entry["username"] == ("arn:aws:sts::123456789999:assumed-role/%s/"
                                     "{{SessionName}}" % ADMIN_ROLE)
        assert entry["type"] == "STANDARD" and entry["principalArn"] == pathful
        status, err = eks_call(sandbox, "POST", create, {"principalArn": pathful})
        assert (status, err["__type"]) == (409, "ResourceInUseException")
        assert pathful in eks_call(sandbox, "GET", create)[1]["accessEntries"]
        status, out = eks_call(sandbox, "GET", entry_path("staging", pathful))
        assert out["accessEntry"]["kubernetesGroups"] == ["viewers"]
        policy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
        status, out = eks_call(sandbox, "POST", entry_path("staging", pathful,
                                                           "access-policies"), {
            "policyArn": policy, "accessScope": {"type": "namespace", "namespaces": ["dev"]}})
        assert out["associatedAccessPolicy"]["accessScope"]["namespaces"] == ["dev"], out
        status, out = eks_call(sandbox, "GET", entry_path("staging", pathful,
                                                          "access-policies"))
        assert [p["policyArn"] for p in out["associatedAccessPolicies"]] == [policy]
        status, _ = eks_call(sandbox, "DELETE", entry_path("staging", pathful,
                                                           "access-policies", policy))
        assert status == 200
        node = "arn:aws:iam::123456789999:role/eks-node-role"
        status, err = eks_call(sandbox, "POST", entry_path("staging", node, "access-policies"),
                               {"policyArn": policy, "accessScope": {"type": "cluster"}})
        assert status == 400 and 'Access Entries with a type of "STANDARD"' in err["message"]
        names = [p["name"] for p in eks_call(sandbox, "GET", "/access-policies")[1][
            "accessPolicies"]]
        assert "AmazonEKSClusterAdminPolicy" in names
    finally:
        assert eks_call(sandbox, "DELETE", entry_path("staging", pathful))[0] == 200
    status, err = eks_call(sandbox, "GET", entry_path("staging", pathful))
    assert (status, err["__type"]) == (404, "ResourceNotFoundException")


def test_eks_wrong_secret_is_refused(sandbox):
    with pytest.raises(ClientError) as exc:
        client(sandbox, "eks", secret="wrong").describe_cluster(name="dev")
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert exc.value.response["Error"]["Code"] == "InvalidSignatureException"
    status, err = eks_call(sandbox, "GET", "/clusters/dev", secret="wrong")
    assert (status, err["__type"]) == (403, "InvalidSignatureException")


def test_iam_get_role_denied_for_view_only(sandbox):
    role = sandbox.world.sso_role("123456789999", "ViewOnlyAccess")
    cred = sandbox.sb.issue_session(role.arn, "alice@example.com")
    iam = client(sandbox, "iam", cred.access_key_id, cred.secret, cred.session_token,
                 "us-east-1")
    with pytest.raises(ClientError) as exc:
        iam.get_role(RoleName=ADMIN_ROLE)
    assert exc.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        client(sandbox, "iam", region="us-east-1").get_role(RoleName="no-such-role")
    assert exc.value.response["Error"]["Code"] == "NoSuchEntity"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_sso_expired_token_and_oidc_errors(sandbox):
    expired = sandbox.world.issue_sso_token("alice@example.com", seconds=-1)
    with pytest.raises(ClientError) as exc:
        client(sandbox, "sso").get_role_credentials(accessToken=expired.access_token,
                                                    accountId="123456789999",
                                                    roleName="AdministratorAccess")
    assert exc.value.response["Error"]["Code"] == "UnauthorizedException"
    oidc = client(sandbox, "sso-oidc")
    reg = oidc.register_client(clientName="eksbox-test", clientType="public")
    with pytest.raises(ClientError) as exc:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                          grantType="refresh_token", refreshToken="not-issued")
    assert exc.value.response["Error"]["Code"] == "InvalidGrantException"
    with pytest.raises(ClientError) as exc:
        oidc.create_token(clientId=reg["clientId"], clientSecret="wrong",
                          grantType="refresh_token", refreshToken="x")
    assert exc.value.response["Error"]["Code"] == "InvalidClientException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401


def test_cli_update_kubeconfig_points_at_the_sandbox(sandbox, tmp_path):
    path = str(tmp_path / "kubeconfig")
    r = sandbox.aws("eks", "update-kubeconfig", "--name", "dev", "--kubeconfig", path,
                    profile="test-profile")
    assert r.returncode == 0, r.stderr
    doc = yaml.safe_load(open(path))
    arn = "arn:aws:eks:us-east-2:123456789999:cluster/dev"
    assert doc["current-context"] == arn
    cluster = doc["clusters"][0]["cluster"]
    assert cluster["server"] == sandbox.cluster("dev").state.endpoint
    assert base64.b64decode(cluster["certificate-authority-data"]).decode() == \
        open(sandbox.env["AWS_CA_BUNDLE"]).read()
    user = doc["users"][0]["user"]["exec"]
    assert user["args"][:6] == ["--region", "us-east-2", "eks", "get-token", "--cluster-name",
                                "dev"]
    assert {"name": "AWS_PROFILE", "value": "test-profile"} in user["env"]


def test_revoked_sso_token_is_unauthorized_for_the_cli(sandbox):
    """A fresh HOME cache entry, revoked server-side: the CLI reports the portal's 401."""
    env = dict(sandbox.env)
    try:
        sandbox.sso_logout()
        cache = os.path.join(sandbox.dir, ".aws", "cli", "cache")
        for name in os.listdir(cache) if os.path.isdir(cache) else []:
            os.remove(os.path.join(cache, name))      # no cached role credentials
        r = sandbox.aws("sts", "get-caller-identity", profile="legacy-sso", env=env)
        assert r.returncode == 255
        assert "The SSO session associated with this profile has expired or is otherwise " \
               "invalid." in r.stderr
    finally:
        sandbox.sso_login()
    assert cli_json(sandbox.aws("sts", "get-caller-identity", profile="legacy-sso"))["Arn"] \
        == ADMIN_ARN
