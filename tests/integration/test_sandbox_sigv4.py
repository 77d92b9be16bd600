"""Fidelity: the sandbox STS checks SigV4 in every form a client may send, recomputing the
signature with botocore; requests are signed here with botocore's own signers."""
import datetime
import ssl
import urllib.error
import urllib.request

import pytest
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = b"Action=GetCallerIdentity&Version=2011-06-15"
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def send(sandbox, req):
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    http = urllib.request.Request(req.url, data=req.body or None, method=req.method,
                                  headers=dict(req.headers.items()))
    try:
        with urllib.request.urlopen(http, context=ctx, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def signed(sandbox, cred, method="POST", presign=False, when=None, region="us-east-2",
           service="sts", secret=None, token=None):
    url = sandbox.sb.url("sts") + "/"
    if method == "GET" or presign:
        url += "?" + BODY.decode()
    req = AWSRequest(method=method, url=url,
                     data=BODY if method == "POST" and not presign else b"",
                     headers={"Content-Type": FORM} if method == "POST" and not presign else {})
    creds = Credentials(cred.access_key_id, secret or cred.secret,
                        token if token is not None else (cred.session_token or None))
    signer = (SigV4QueryAuth(creds, service, region, expires=60) if presign else
              SigV4Auth(creds, service, region))
    when = when or datetime.datetime.now(datetime.timezone.utc)
    req.context["timestamp"] = when.strftime("%Y%m%dT%H%M%SZ")
    signer._modify_request_before_signing(req)     # adds X-Amz-Date / the token
    sig = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
    signer._inject_signature_to_request(req, sig)
    return req


@pytest.fixture(scope="module")
def ci(sandbox):
    return sandbox.world.creds["AKIAEKSBOXCIBOT00001"]


@pytest.fixture(scope="module")
def session(sandbox):
    return sandbox.sb.issue_session("arn:aws:iam::123456789999:role/ci/deployer", "s1")


@pytest.mark.parametrize("method,presign", [("POST", False), ("GET", False), ("GET", True),
                                            ("POST", True)])
def test_every_form_is_accepted(sandbox, ci, method, presign):
    status, body = send(sandbox, signed(sandbox, ci, method, presign))
    assert status == 200, body
    assert "<Arn>arn:aws:iam::123456789999:user/ci-bot</Arn>" in body


def test_session_credentials(sandbox, session):
    status, body = send(sandbox, signed(sandbox, session))
    assert status == 200, body
    assert "assumed-role/deployer/s1" in body
    status, body = send(sandbox, signed(sandbox, session, token="another-token"))
    assert (status, "<Code>InvalidClientTokenId</Code>" in body) == (403, True)
    status, body = send(sandbox, signed(sandbox, session, token=""))
    assert (status, "<Code>InvalidClientTokenId</Code>" in body) == (403, True)


@pytest.mark.parametrize("presign", [False, True])
def test_old_date_is_refused(sandbox, ci, presign):
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    status, body = send(sandbox, signed(sandbox, ci, "GET", presign, when=old))
    assert status == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in body and "Signature expired" in body


def test_wrong_scope_or_secret(sandbox, ci):
    status, body = send(sandbox, signed(sandbox, ci, service="iam"))
    assert status == 403 and "Credential should be scoped to correct service: 'sts'" in body
    status, body = send(sandbox, signed(sandbox, ci, secret="not-the-secret"))
    assert status == 403 and "The request signature we calculated does not match" in body


def test_tampered_body_is_refused(sandbox, ci):
    req = signed(sandbox, ci)
    req.data = BODY + b"&Extra=1"
    req.headers["Content-Length"] = str(len(req.data))
    status, body = send(sandbox, req)
    assert status == 403 and "<Code>SignatureDoesNotMatch</Code>" in body


def test_unsigned_request_is_refused(sandbox):
    req = AWSRequest(method="POST", url=sandbox.sb.url("sts") + "/", data=BODY,
                     headers={"Content-Type": FORM})
    status, body = send(sandbox, req)
    assert status == 403 and "<Code>MissingAuthenticationToken</Code>" in body
