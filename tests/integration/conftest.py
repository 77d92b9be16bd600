"""Shared fixtures for the integration tests: one sandbox (tests/sandbox) per test session.

The `sandbox` fixture is a running eksbox (STS, IAM Identity Center, IAM, EKS and one
Kubernetes API server per cluster of tests/sandbox/world.yaml) with a ready HOME in `.dir`:

    sandbox.dir          the HOME: .kube/config, .aws/config, .aws/credentials,
                         .aws/sso/cache (logged in), env
    sandbox.env          a complete environment for subprocesses: PATH=/usr/bin:/bin plus the
                         sandbox variables (HOME, KUBECONFIG, AWS_CONFIG_FILE, AWS_CA_BUNDLE,
                         AWS_ENDPOINT_URL_{STS,SSO,SSO_OIDC,IAM,EKS}, HTTPS_PROXY, ...).
                         Copy it before changing it: `env = dict(sandbox.env, PATH=...)`.
    sandbox.kubectl(*args, context="admin", input=None, env=None)   -> CompletedProcess
    sandbox.aws(*args, profile=None, env=None)                       -> CompletedProcess
    sandbox.inject_fault(service, method="*", path="", count=1, action="status",
                         status=None, retry_after=None, delay=0.0)
    sandbox.clear_faults(); sandbox.requests(service=None)
    sandbox.get_configmap(name="aws-auth", namespace="kube-system", cluster=None)
    sandbox.aws_auth(cluster=None)    aws-auth's data dict, read on the admin side
    sandbox.put_configmap(data, ...), sandbox.reset_aws_auth(cluster=None)
    sandbox.reset()                   every cluster back to the world's seed (objects, aws-auth,
                                      tokens, access entries, auth mode), faults and log cleared
    sandbox.add_token(token, user, groups, cluster=None)
    sandbox.sso_logout(); sandbox.sso_login(seconds=8*3600)   SSO tokens: revoke / re-login
    sandbox.sb                        the underlying sandbox.Sandbox

Kubeconfig contexts: `admin` (static token, system:masters), `admin-cert` (client
certificate), `sso-user` (exec `aws eks get-token` with AWS_PROFILE=test-profile); for the
other clusters the same names with `@<cluster>` (e.g. `sso-user@staging`).
AWS profiles: test-profile, dev-sso (ViewOnlyAccess), prod-sso (sso-session form),
legacy-sso (legacy keys), ci-bot (static IAM user keys).

Access entries need a client newer than Debian's AWS CLI 2.9: the `aws_v1` fixture is the AWS
CLI v1 first on PATH (>= 1.45, botocore >= 1.43) with `.run(*args, profile=...)`,
`.json(...)`, `.error(...)` and `.botocore(calls, profile=...)` (many calls in one botocore 1.43
process); it fails the test with a message naming what is missing when that client is absent.
`eks_token(aws_v1, cluster, profile=None, env=None)` is a real `aws eks get-token` token and
`kubectl_with_token(sandbox, cluster, token, *args)` runs kubectl with it and no kubeconfig.
IAM calls through the CLI need `--region us-east-1` (IAM is signed for its partition's region).
World facts for access entries (tests/sandbox/README.md has them all): `prod` is API mode in
account 210987654321 (administer it with prod-sso, whose SSO role path has no region segment),
`staging` API_AND_CONFIG_MAP; `sso-user@prod` is the other account's SSO role (cross-account);
each cluster has a creator entry; control operations `sandbox.sb.recreate_role`, `reprovision`,
`eks_settings` (see the README).

Faults are cleared after every test that uses the fixture. A test that changes aws-auth or
other cluster state should put it back (`reset_aws_auth`), or use the `clean_aws_auth`
fixture (aws-auth only) or the `fresh_sandbox` fixture (everything, via `reset()`).
"""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

SANDBOX_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "sandbox")
sys.path.insert(0, SANDBOX_DIR)

from sandbox import Sandbox  # noqa: E402

KUBECTL = os.environ.get("SSOMAP_KUBECTL") or shutil.which("kubectl") or "kubectl"
AWS = os.environ.get("SSOMAP_AWS", "/usr/bin/aws")
TIMEOUT = 60


class SandboxFixture:
    """A running sandbox plus helpers to run real clients against it."""

    def __init__(self, sb):
        self.sb = sb
        self.dir = sb.dir
        self.world = sb.world

    @property
    def env(self):
        return self.sb.env

    def run(self, argv, input=None, env=None, timeout=TIMEOUT):
        return subprocess.run(argv, input=input, env=env or self.env, capture_output=True,
                              text=True, timeout=timeout, cwd=self.dir)

    def kubectl(self, *args, context="admin", input=None, env=None):
        argv = [KUBECTL] + (["--context", context] if context else []) + list(args)
        return self.run(argv, input=input, env=env)

    def aws(self, *args, profile=None, env=None):
        argv = [AWS] + (["--profile", profile] if profile else []) + list(args)
        return self.run(argv, env=env)

    # delegation to sandbox.Sandbox
    def inject_fault(self, *args, **kwargs):
        return self.sb.inject_fault(*args, **kwargs)

    def clear_faults(self):
        self.sb.clear_faults()

    def requests(self, service=None):
        return self.sb.requests(service)

    def get_configmap(self, name="aws-auth", namespace="kube-system", cluster=None):
        return self.sb.get_configmap(name, namespace, cluster)

    def aws_auth(self, cluster=None):
        return self.sb.aws_auth(cluster)

    def put_configmap(self, data, name="aws-auth", namespace="kube-system", cluster=None):
        return self.sb.put_configmap(data, name, namespace, cluster)

    def reset_aws_auth(self, cluster=None):
        """Put aws-auth back to what the world file seeds."""
        kc = self.sb.cluster(cluster)
        self.sb.put_configmap(dict(kc.state.spec.get("aws_auth") or {}), cluster=cluster)

    def reset(self):
        self.sb.reset()

    def sso_logout(self):
        self.sb.sso_logout()

    def sso_login(self, seconds=8 * 3600):
        self.sb.sso_login(seconds)

    def add_token(self, token, user, groups=(), cluster=None):
        self.sb.add_token(token, user, groups, cluster)

    def cluster(self, name=None):
        return self.sb.cluster(name)


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    sb = Sandbox.start(str(tmp_path_factory.mktemp("eksbox")))
    try:
        yield SandboxFixture(sb)
    finally:
        sb.stop()


@pytest.fixture(autouse=True)
def _clear_sandbox_faults(request):
    yield
    if "sandbox" in request.fixturenames:
        request.getfixturevalue("sandbox").clear_faults()


@pytest.fixture
def clean_aws_auth(sandbox):
    """aws-auth of the first cluster as seeded, before and after the test."""
    sandbox.reset_aws_auth()
    yield sandbox
    sandbox.reset_aws_auth()


@pytest.fixture
def fresh_sandbox(sandbox):
    """The session sandbox, reset to the world's seed before and after the test."""
    sandbox.reset()
    yield sandbox
    sandbox.reset()


# ---- the AWS CLI v1 / botocore 1.43 that know EKS access entries -----------------------------
AWS_V1_NEED = "the AWS CLI v1 >= 1.45 with botocore >= 1.43 as `aws` first on PATH"
CLI_ERROR = re.compile(r"An error occurred \((\w+)\)(?: when calling the (\w+) operation)?"
                       r"(?: \(reached max retries: \d+\))?: (.*)", re.S)
BOTOCORE_RUNNER = r"""
import json, sys
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError
spec = json.load(sys.stdin)
session = botocore.session.Session(profile=spec["profile"])
clients = {}
out = []
for service, op, params in spec["calls"]:
    if service not in clients:
        clients[service] = session.create_client(service, config=Config(
            retries={"total_max_attempts": 1}))
    try:
        resp = getattr(clients[service], op)(**params)
        meta = resp.pop("ResponseMetadata", {})
        out.append({"status": meta.get("HTTPStatusCode"), "body": resp})
    except ClientError as exc:
        out.append({"status": exc.response["ResponseMetadata"].get("HTTPStatusCode"),
                    "code": exc.response["Error"]["Code"],
                    "message": exc.response["Error"].get("Message", "")})
json.dump(out, sys.stdout, default=str)
"""


def _version(argv, env):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
    except OSError:
        return ""
    return (r.stdout + r.stderr).strip()


def find_aws_v1():
    """(aws executable, its directory) of the AWS CLI v1 first on PATH, or pytest.fail."""
    path = shutil.which("aws")
    if path and "/shims/" in path:
        # a pyenv shim costs seconds a call: use the aws next to the python3 it runs
        py = shutil.which("python3")
        exe = _version([py, "-c", "import sys; print(sys.executable)"], dict(os.environ))
        direct = os.path.join(os.path.dirname(exe), "aws") if exe else ""
        if direct and os.access(direct, os.X_OK):
            path = direct
    version = _version([path, "--version"], dict(os.environ)) if path else ""
    m = re.match(r"aws-cli/1\.(\d+)\.\S+ .*botocore/1\.(\d+)\.", version)
    if not m or int(m.group(1)) < 45 or int(m.group(2)) < 43:
        pytest.fail("these tests need %s (Debian's AWS CLI 2.9 and /usr/bin/python3's botocore "
                    "predate EKS access entries); found: %s" % (AWS_V1_NEED, version or
                                                              "no aws on PATH"), pytrace=False)
    return path, os.path.dirname(path)


class AwsV1:
    """The AWS CLI v1 (and its botocore) against the sandbox, with the sandbox's environment."""

    def __init__(self, sandbox, path, bindir):
        self.sandbox, self.path, self.bindir = sandbox, path, bindir

    def env(self, extra=None):
        env = dict(self.sandbox.env)
        env["PATH"] = self.bindir + ":" + env["PATH"]
        env.update(extra or {})
        return env

    def run(self, *args, profile=None, env=None):
        argv = [self.path] + (["--profile", profile] if profile else []) + \
            ["--output", "json"] + list(args)
        return self.sandbox.run(argv, env=self.env(env))

    def json(self, *args, profile=None, env=None):
        r = self.run(*args, profile=profile, env=env)
        assert r.returncode == 0, "aws %s: %s" % (" ".join(args), r.stderr)
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def error(self, *args, profile=None, env=None):
        """(code, operation, message) of a call that must fail."""
        r = self.run(*args, profile=profile, env=env)
        assert r.returncode != 0, "aws %s succeeded: %s" % (" ".join(args), r.stdout)
        m = CLI_ERROR.search(r.stderr)
        assert m, r.stderr
        return m.group(1), m.group(2), m.group(3).strip()

    def botocore(self, calls, profile=None, env=None):
        """[(service, operation, params)] through botocore 1.43 in one process: a list of
        {"status", "body"} or {"status", "code", "message"}."""
        py = os.path.join(self.bindir, "python3")
        r = subprocess.run([py if os.access(py, os.X_OK) else "python3", "-c", BOTOCORE_RUNNER],
                           input=json.dumps({"profile": profile, "calls": calls}),
                           capture_output=True, text=True, timeout=TIMEOUT * 2,
                           env=self.env(env), cwd=self.sandbox.dir)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)


@pytest.fixture(scope="session")
def aws_v1(sandbox):
    path, bindir = find_aws_v1()
    return AwsV1(sandbox, path, bindir)


def eks_token(aws_v1, cluster, profile=None, env=None):
    """A real EKS token from `aws eks get-token` (CLI v1) for a cluster."""
    return aws_v1.json("eks", "get-token", "--cluster-name", cluster, profile=profile,
                       env=env)["status"]["token"]


def kubectl_with_token(sandbox, cluster, token, *args):
    """Real kubectl against a cluster's API server with a bearer token and no kubeconfig."""
    return sandbox.kubectl("--kubeconfig=/dev/null",
                           "--server=" + sandbox.cluster(cluster).state.endpoint,
                           "--certificate-authority=" + sandbox.env["AWS_CA_BUNDLE"],
                           "--token=" + token, *args, context=None)
