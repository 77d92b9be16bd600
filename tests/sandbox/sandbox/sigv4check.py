"""Verify a request's SigV4 signature by recomputing it with botocore.

Both forms are handled: an `Authorization: AWS4-HMAC-SHA256 …` header, and a presigned URL
(`X-Amz-Algorithm`, `X-Amz-Credential`, … `X-Amz-Signature` in the query). The canonical
request is built by botocore's `SigV4Auth` from the request as received: the signed headers
only, the query decoded and re-encoded by AWS's rules, the body as sent and the request's own
X-Amz-Date; only the secret comes from the sandbox.
"""
import datetime
import hmac
import re
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from .world import utcnow

AMZ_DATE = "%Y%m%dT%H%M%SZ"
SKEW = datetime.timedelta(minutes=15)
_AUTH_RE = re.compile(r"^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),"
                      r"\s*Signature=([0-9a-fA-F]+)\s*$")
SIG_MISMATCH = ("The request signature we calculated does not match the signature you "
                "provided. Check your AWS Secret Access Key and signing method. Consult the "
                "service documentation for details.")


class SigError(Exception):
    """A refusal: code, message and HTTP status as the service would answer."""

    def __init__(self, code, message, status=403):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def parse_query(qs):
    """Query pairs decoded without turning '+' into a space (AWS's reading)."""
    pairs = []
    for part in qs.split("&") if qs else []:
        key, _, value = part.partition("=")
        pairs.append((urllib.parse.unquote(key), urllib.parse.unquote(value)))
    return pairs


IAM_REGION = {"aws": "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1"}


def expected_region(host, service, partition="aws"):
    """The region an AWS host name implies, or None for a sandbox (127.0.0.1) host. IAM is
    global: signed for its partition's region (us-east-1, us-gov-west-1, cn-north-1)."""
    name = host.split(":")[0].lower()
    if service == "iam":
        return IAM_REGION.get(partition, "us-east-1")
    if name == "sts.amazonaws.com":
        return "us-east-1"
    m = re.match(r"^[a-z0-9-]+\.([a-z0-9-]+)\.amazonaws\.com$", name)
    return m.group(1) if m else None


def verify(world, method, host, path, query_string, headers, body, service, now=None):
    """Return the Credential that signed the request, or raise SigError."""
    now = now or utcnow()
    pairs = parse_query(query_string)
    qmap = {k.lower(): v for k, v in pairs}
    presigned = "x-amz-algorithm" in qmap
    if presigned:
        if qmap["x-amz-algorithm"] != "AWS4-HMAC-SHA256":
            raise SigError("IncompleteSignature", "Unsupported AWS 'algorithm': '%s'."
                           % qmap["x-amz-algorithm"], 400)
        for need in ("x-amz-credential", "x-amz-signedheaders", "x-amz-signature",
                     "x-amz-date"):
            if need not in qmap:
                raise SigError("AuthorizationQueryParametersError",
                               "Query-string authentication requires the %s parameter."
                               % need, 400)
        credential, signed, signature = (qmap["x-amz-credential"],
                                         qmap["x-amz-signedheaders"], qmap["x-amz-signature"])
        amz_date, token = qmap["x-amz-date"], qmap.get("x-amz-security-token")
    else:
        auth = headers.get("Authorization")
        if not auth:
            raise SigError("MissingAuthenticationToken", "Request is missing Authentication Token")
        m = _AUTH_RE.match(auth)
        if not m:
            raise SigError("IncompleteSignature", "Authorization header requires 'Credential',"
                           " 'Signature' and 'SignedHeaders' parameters. Authorization=%s"
                           % auth.split(" ")[0], 400)
        credential, signed, signature = m.groups()
        amz_date, token = headers.get("X-Amz-Date", ""), headers.get("X-Amz-Security-Token")

    scope = credential.split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise SigError("IncompleteSignature", "Credential should have 5 parts.", 400)
    akid, scope_date, scope_region, scope_service, _ = scope
    cred = world.credential(akid)
    if cred is None or (cred.session_token or None) != (token or None):
        raise SigError("InvalidClientTokenId",
                       "The security token included in the request is invalid.")
    try:
        when = datetime.datetime.strptime(amz_date, AMZ_DATE).replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        raise SigError("IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got "
                       "'%s'." % amz_date, 400)
    if scope_date != amz_date[:8]:
        raise SigError("SignatureDoesNotMatch", "Date in Credential scope does not match "
                       "YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s'"
                       % (scope_date, amz_date[:8]))
    if scope_service != service:
        raise SigError("SignatureDoesNotMatch", "Credential should be scoped to correct "
                       "service: '%s'. " % service)
    region = expected_region(host, service, world.partition)
    if region and scope_region != region:
        raise SigError("SignatureDoesNotMatch", "Credential should be scoped to a valid "
                       "region, not '%s'. " % scope_region)
    fmt = lambda t: t.strftime(AMZ_DATE)  # noqa: E731
    if presigned:
        expires = qmap.get("x-amz-expires", "")
        if not expires.isdigit() or not 1 <= int(expires) <= 604800:
            raise SigError("AuthorizationQueryParametersError", "X-Amz-Expires must be "
                           "between 1 and 604800 seconds", 400)
    if when + SKEW < now:
        raise SigError("SignatureDoesNotMatch", "Signature expired: %s is now earlier than %s "
                       "(%s - 15 min.)" % (amz_date, fmt(now - SKEW), fmt(now)))
    if when - SKEW > now:
        raise SigError("SignatureDoesNotMatch", "Signature not yet current: %s is still later "
                       "than %s (%s + 15 min.)" % (amz_date, fmt(now + SKEW), fmt(now)))
    names = signed.lower().split(";")
    if "host" not in names:
        raise SigError("SignatureDoesNotMatch", "'Host' must be a 'SignedHeader' in the AWS "
                       "Authorization.")
    sign_headers = {}
    for name in names:
        values = headers.get_all(name) if hasattr(headers, "get_all") else None
        if not values:
            raise SigError("SignatureDoesNotMatch", SIG_MISMATCH)
        sign_headers[name] = ",".join(" ".join(v.split()) for v in values)
    params = [(k, v) for k, v in pairs if k != "X-Amz-Signature"] if presigned else pairs
    req = AWSRequest(method=method, url="https://%s%s" % (host, path), headers=sign_headers,
                     data=body)
    req.params = params
    req.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(akid, cred.secret, cred.session_token or None),
                       scope_service, scope_region)
    canonical = signer.canonical_request(req)
    # canonical_request() falls back to the URL when params is empty; ours has no query.
    expected = signer.signature(signer.string_to_sign(req, canonical), req)
    if signer.signed_headers(signer.headers_to_sign(req)) != ";".join(sorted(names)) or \
            not hmac.compare_digest(expected, signature.lower()):
        raise SigError("SignatureDoesNotMatch", SIG_MISMATCH)
    if cred.expires is not None and cred.expires <= now:
        raise SigError("ExpiredToken", "The security token included in the request is expired",
                       400)
    return cred
