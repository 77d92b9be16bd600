"""Randomized cross-check of our SigV4 signer against botocore (Debian's python3-botocore).

Generates requests with awkward methods, paths (unicode, spaces, reserved characters, dot
segments, repeated slashes), queries (repeated and empty keys), headers (odd whitespace,
repeated names, names botocore never signs), bodies and session tokens; signs each with
botocore's SigV4Auth and SigV4QueryAuth at the same time and credentials as our
tests/tools/sigv4_tool, and asserts zero differences.

Run with /usr/bin/python3 (pyenv's python cannot see Debian's botocore). The tool is found at
$SSOMAP_BIN_DIR/../tests/tools/sigv4_tool (SSOMAP_BIN_DIR defaults to build/plugin).
"""
import datetime
import json
import os
import random
import subprocess
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

botocore = pytest.importorskip("botocore")
import botocore.auth  # noqa: E402
import botocore.awsrequest  # noqa: E402
import botocore.credentials  # noqa: E402

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))
TOOL = (BIN_DIR.parent / "tests" / "tools" / "sigv4_tool").resolve()
COUNT = int(os.environ.get("SSOMAP_SIGV4_CASES", "1200"))
SEED = int(os.environ.get("SSOMAP_SIGV4_SEED", "20150830"))

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
HOSTS = ["sts.us-east-1.amazonaws.com", "eks.eu-west-1.amazonaws.com", "127.0.0.1:8443",
         "example.amazonaws.com:443", "sts.cn-north-1.amazonaws.com.cn"]
REGIONS = ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"]
SERVICES = ["sts", "eks", "service", "execute-api"]
# Characters a path segment or query item may carry, before encoding.
SEGMENT_CHARS = list("abcXYZ019-_.~") + [" ", "ሴ", "é", "日本", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";",
                                         "=", ":", "@", "%", "/", "?", "#", "[", "]"]
RAW_SAFE_CHARS = list("abcXYZ019-_.~") + [" ", "ሴ", "é", "!", "$", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@"]
HEADER_NAMES = ["X-Custom", "x-k8s-aws-id", "Content-Type", "My-Header1", "Accept", "X-Amz-Target",
                "x-amz-meta-Odd", "User-Agent", "Expect", "X-Amzn-Trace-Id", "Content-Length"]


def random_text(rng, chars, low=0, high=8):
    return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))


def random_path(rng):
    if rng.random() < 0.08:
        return ""
    segments = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        if kind < 0.15:
            segments.append(rng.choice([".", "..", ""]))
        elif kind < 0.35:
            segments.append(random_text(rng, RAW_SAFE_CHARS, 1, 6))  # sent unencoded (spaces, unicode)
        else:
            segments.append(quote(random_text(rng, SEGMENT_CHARS, 1, 8), safe=""))  # wire-encoded
    path = "/" + "/".join(segments)
    if rng.random() < 0.2:
        path += "/"
    return path


def random_query(rng, unique):
    pairs = []
    keys = []
    for _ in range(rng.randint(0, 5)):
        key = random_text(rng, SEGMENT_CHARS, 1, 6)
        if not unique and keys and rng.random() < 0.3:
            key = rng.choice(keys)  # repeated key
        if unique and (key in keys or key.lower().startswith("x-amz")):
            continue
        keys.append(key)
        value = "" if rng.random() < 0.25 else random_text(rng, SEGMENT_CHARS, 1, 8)
        if value == "" and not unique and rng.random() < 0.5:
            pairs.append(quote(key, safe="-_.~"))  # bare key, no '='
        else:
            pairs.append(quote(key, safe="-_.~") + "=" + quote(value, safe="-_.~"))
    return "&".join(pairs)


def odd_whitespace(rng, word):
    pads = ["", " ", "  ", "\t", " \t "]
    inner = rng.choice([" ", "   ", "\t", " \t  "])
    return rng.choice(pads) + inner.join(word.split(" ")) + rng.choice(pads)


def random_headers(rng, query_mode):
    headers = []
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(HEADER_NAMES)
        name = "".join(c.upper() if rng.random() < 0.3 else c for c in name)
        value = odd_whitespace(rng, " ".join(random_text(rng, list("abcXYZ0189-_./:=\"'"), 1, 6)
                                             for _ in range(rng.randint(1, 3))))
        if rng.random() < 0.1:
            value = ""
        if query_mode and name.lower() == "content-type" and value == "application/x-www-form-urlencoded; charset=utf-8":
            continue
        headers.append([name, value])
        if not query_mode and rng.random() < 0.15:
            headers.append([name.lower(), odd_whitespace(rng, "second value")])  # repeated name
    return headers


def make_case(rng, index):
    query_mode = index % 2 == 1
    host = rng.choice(HOSTS)
    query = random_query(rng, unique=query_mode)
    url = f"https://{host}{random_path(rng)}" + (f"?{query}" if query else "")
    token = ""
    if rng.random() < 0.5:
        token = random_text(rng, list("AQoDYXdzEPT/+=abc019"), 16, 60)
    body = ""
    method = rng.choice(METHODS)
    if not query_mode and method in ("POST", "PUT", "PATCH") and rng.random() < 0.7:
        body = random_text(rng, list("Action=GetCallerIdentity&Version=2011-06-15 é"), 0, 40)
    return {
        "mode": "query" if query_mode else "header",
        "method": method,
        "url": url,
        "headers": random_headers(rng, query_mode),
        "body": body,
        "access_key": "AKID" + str(rng.randint(10**9, 10**10)),
        "secret_key": random_text(rng, list("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), 20, 40),
        "token": token,
        "region": rng.choice(REGIONS),
        "service": rng.choice(SERVICES),
        "time": rng.randint(1420070400, 2051222400),  # 2015 .. 2035
        "expires": rng.choice([60, 900, 3600]),
    }


class _FixedDatetime(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed


def botocore_sign(case):
    creds = botocore.credentials.Credentials(case["access_key"], case["secret_key"], case["token"] or None)
    request = botocore.awsrequest.AWSRequest(method=case["method"], url=case["url"], data=case["body"] or None)
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names are kept
    if case["mode"] == "query":
        auth = botocore.auth.SigV4QueryAuth(creds, case["service"], case["region"], expires=case["expires"])
    else:
        auth = botocore.auth.SigV4Auth(creds, case["service"], case["region"])
    _FixedDatetime.fixed = datetime.datetime.utcfromtimestamp(case["time"])
    with mock.patch.object(botocore.auth.datetime, "datetime", _FixedDatetime):
        auth.add_auth(request)
    return request


def run_tool(cases):
    if not TOOL.exists():
        pytest.fail(f"sigv4_tool not built at {TOOL}")
    stdin = "".join(json.dumps(c) + "\n" for c in cases)
    r = subprocess.run([str(TOOL)], input=stdin, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


def query_pairs(url):
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def compare(case, ours):
    if "error" in ours:
        return f"tool error: {ours['error']}"
    theirs = botocore_sign(case)
    if case["mode"] == "header":
        our_headers = {name: value for name, value in ours["headers"]}
        want = theirs.headers["Authorization"]
        if our_headers.get("Authorization") != want:
            return f"Authorization differs:\n ours   {our_headers.get('Authorization')}\n theirs {want}\n" \
                   f"our canonical request:\n{ours['canonical_request']}"
        if our_headers.get("X-Amz-Date") != theirs.headers["X-Amz-Date"]:
            return "X-Amz-Date differs"
        if case["token"] and our_headers.get("X-Amz-Security-Token") != case["token"]:
            return "session token header missing"
        return None
    their_signature = dict(parse_qsl(urlsplit(theirs.url).query))["X-Amz-Signature"]
    if ours["signature"] != their_signature:
        return f"signature differs:\n ours   {ours['url']}\n theirs {theirs.url}\n" \
               f"our canonical request:\n{ours['canonical_request']}"
    if query_pairs(ours["url"]) != query_pairs(theirs.url):
        return f"query parameters differ:\n ours   {ours['url']}\n theirs {theirs.url}"
    return None


def test_vanilla_matches_botocore():
    case = {"mode": "header", "method": "GET", "url": "https://example.amazonaws.com/", "headers": [], "body": "",
            "access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token": "",
            "region": "us-east-1", "service": "service", "time": 1440938160, "expires": 3600}
    [ours] = run_tool([case])
    assert ours["signature"] == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    assert compare(case, ours) is None


def test_randomized_requests_match_botocore_exactly():
    rng = random.Random(SEED)
    cases = [make_case(rng, i) for i in range(COUNT)]
    results = run_tool(cases)
    assert len(results) == len(cases)
    differences = []
    for case, ours in zip(cases, results):
        problem = compare(case, ours)
        if problem:
            differences.append(f"{json.dumps(case, ensure_ascii=False)}\n{problem}")
    header_cases = sum(1 for c in cases if c["mode"] == "header")
    print(f"{len(cases)} requests ({header_cases} header-signed, {len(cases) - header_cases} presigned), "
          f"{len(differences)} differences")
    assert not differences, f"{len(differences)} of {len(cases)} differ; first:\n" + "\n\n".join(differences[:3])


def botocore_eks_url(case):
    """The URL inside `aws eks get-token`'s token: the CLI's get_token.py handlers on an sts client."""
    import botocore.session
    header = "x-k8s-aws-id"
    session = botocore.session.Session()
    session.set_config_variable("config_file", os.devnull)
    session.set_config_variable("credentials_file", os.devnull)
    client = session.create_client("sts", region_name=case["region"], endpoint_url=case["endpoint"],
                                   aws_access_key_id=case["access_key"], aws_secret_access_key=case["secret_key"],
                                   aws_session_token=case["token"] or None)

    def retrieve(params, context, **kwargs):
        if header in params:
            context[header] = params.pop(header)

    def inject(request, **kwargs):
        if header in request.context:
            request.headers[header] = request.context[header]

    client.meta.events.register("provide-client-params.sts.GetCallerIdentity", retrieve)
    client.meta.events.register("before-sign.sts.GetCallerIdentity", inject)
    _FixedDatetime.fixed = datetime.datetime.utcfromtimestamp(case["time"])
    with mock.patch.object(botocore.auth.datetime, "datetime", _FixedDatetime):
        return client.generate_presigned_url("get_caller_identity", Params={header: case["cluster"]},
                                             ExpiresIn=60, HttpMethod="GET")


def test_eks_tokens_are_byte_identical_to_the_cli():
    import base64
    rng = random.Random(SEED + 1)
    cases = []
    for _ in range(50):
        region = rng.choice(["us-east-1", "us-west-2", "eu-central-1", "cn-north-1"])
        suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
        cases.append({"mode": "eks-token", "cluster": random_text(rng, list("abc-XYZ019_"), 1, 40),
                      "endpoint": rng.choice([f"https://sts.{region}.{suffix}", "https://127.0.0.1:8443"]),
                      "region": region, "access_key": "ASIA" + str(rng.randint(10**9, 10**10)),
                      "secret_key": random_text(rng, list("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), 20, 40),
                      "token": random_text(rng, list("AQoDYXdzEPT/+=abc019"), 0, 300),
                      "time": rng.randint(1420070400, 2051222400)})
    for case, ours in zip(cases, run_tool(cases)):
        want_url = botocore_eks_url(case)
        want_token = "k8s-aws-v1." + base64.urlsafe_b64encode(want_url.encode()).decode().rstrip("=")
        assert ours["url"] == want_url
        assert ours["token"] == want_token
        expiry = datetime.datetime.utcfromtimestamp(case["time"] + 14 * 60).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert ours["exec_credential"] == {"kind": "ExecCredential",
                                           "apiVersion": "client.authentication.k8s.io/v1beta1", "spec": {},
                                           "status": {"expirationTimestamp": expiry, "token": want_token}}
