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

Faults are cleared after every test that uses the fixture. A test that changes aws-auth or
other cluster state should put it back (`reset_aws_auth`), or use the `clean_aws_auth`
fixture (aws-auth only) or the `fresh_sandbox` fixture (everything, via `reset()`).
"""
import os
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
