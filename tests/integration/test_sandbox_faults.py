"""Fault injection: the next N matching requests fail with a status, a reset, or a delay;
from the Python API and over the HTTP control endpoint."""
import json
import ssl
import time
import urllib.error
import urllib.request

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def get(sandbox, url, headers=None, method="GET", body=None):
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    req = urllib.request.Request(url, headers=headers or {}, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_cli_retries_an_sts_503(sandbox):
    sandbox.sb.log.clear()
    sandbox.inject_fault("sts", "POST", path="^/$", count=1, status=503)
    r = sandbox.aws("sts", "get-caller-identity", profile="ci-bot")
    assert r.returncode == 0, r.stderr
    assert [e["status"] for e in sandbox.requests("sts")] == [503, 200]


def test_kubectl_honours_429_retry_after(sandbox):
    sandbox.sb.log.clear()
    sandbox.inject_fault("kube", "GET", path="/configmaps/aws-auth", count=1, status=429,
                         retry_after=1)
    started = time.monotonic()
    r = sandbox.kubectl("get", "cm", "aws-auth", "-n", "kube-system")
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - started >= 1.0
    hits = [e["status"] for e in sandbox.requests("kube") if "aws-auth" in e["path"]]
    assert hits == [429, 200]


def test_kube_fault_body_is_a_status(sandbox):
    sandbox.inject_fault("kube", path="/api/v1/namespaces$", status=503, retry_after=7)
    status, headers, body = get(sandbox, sandbox.cluster().state.endpoint + "/api/v1/namespaces",
                                {"Authorization": "Bearer " + sandbox.sb.admin_token})
    assert status == 503 and headers["Retry-After"] == "7"
    doc = json.loads(body)
    assert (doc["kind"], doc["reason"], doc["details"]["retryAfterSeconds"]) == \
        ("Status", "ServiceUnavailable", 7)
    status, _, _ = get(sandbox, sandbox.cluster().state.endpoint + "/api/v1/namespaces",
                       {"Authorization": "Bearer " + sandbox.sb.admin_token})
    assert status == 200        # count=1: only the next request failed


def test_eks_throttling_shape(sandbox):
    session = botocore.session.Session()
    cred = sandbox.world.creds["AKIAEKSBOXCIBOT00001"]
    session.set_credentials(cred.access_key_id, cred.secret)
    eks = session.create_client("eks", region_name="us-east-2",
                                endpoint_url=sandbox.sb.url("eks"),
                                verify=sandbox.env["AWS_CA_BUNDLE"],
                                config=Config(retries={"max_attempts": 1}))
    sandbox.inject_fault("eks", "GET", path="/clusters/dev", count=5, status=429,
                         retry_after=2)
    with pytest.raises(ClientError) as exc:
        eks.describe_cluster(name="dev")
    assert exc.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert exc.value.response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "2"


def test_drop_resets_the_connection(sandbox):
    sandbox.inject_fault("sts", action="drop")
    with pytest.raises((urllib.error.URLError, ConnectionError, ssl.SSLError, OSError)):
        get(sandbox, sandbox.sb.url("sts") + "/?Action=GetCallerIdentity&Version=2011-06-15")
    assert [e["status"] for e in sandbox.requests("sts")][-1] == 0


def test_delay_slows_then_serves(sandbox):
    sandbox.inject_fault("kube", "GET", path="^/version", action="delay", delay=1.0)
    started = time.monotonic()
    status, _, body = get(sandbox, sandbox.cluster().state.endpoint + "/version",
                          {"Authorization": "Bearer " + sandbox.sb.admin_token})
    assert status == 200 and json.loads(body)["major"] == "1"
    assert time.monotonic() - started >= 1.0


def test_sts_fault_during_token_replay_is_unauthorized(sandbox):
    """EKS's authenticator cannot reach STS: the API server answers 401."""
    from test_sandbox_eks_auth import presign, token_for, whoami, PATHLESS, NODE_ROLE
    role = "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/" \
           "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
    alice = sandbox.sb.issue_session(role, "alice@example.com")
    sandbox.put_configmap({"mapRoles": NODE_ROLE + "- rolearn: %s\n  username: ok\n"
                           % PATHLESS})
    try:
        sandbox.inject_fault("sts", "GET", count=1, status=503)
        assert whoami(sandbox, token_for(presign(alice, "dev")))[0] == 401
        assert whoami(sandbox, token_for(presign(alice, "dev")))[0] == 201
    finally:
        sandbox.reset_aws_auth()


def test_http_control_endpoint(sandbox):
    control = sandbox.env["EKSBOX_CONTROL_URL"]
    status, _, body = get(sandbox, control + "/faults", method="POST", body={
        "service": "iam", "method": "POST", "path": "^/$", "count": 2, "status": 503})
    assert status == 201
    fault = json.loads(body)
    assert (fault["service"], fault["count"], fault["status"]) == ("iam", 2, 503)
    status, _, body = get(sandbox, control + "/faults")
    assert [f["id"] for f in json.loads(body)] == [fault["id"]]
    status, _, body = get(sandbox, control + "/faults", method="POST",
                          body={"service": "iam", "bogus": 1})
    assert status == 400
    status, _, body = get(sandbox, control + "/configmaps/dev/kube-system/aws-auth")
    assert status == 200 and "mapRoles" in json.loads(body)["data"]
    status, _, _ = get(sandbox, control + "/faults", method="DELETE")
    assert status == 200 and sandbox.sb.faults.list() == []
