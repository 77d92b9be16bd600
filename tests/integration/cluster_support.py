"""Helpers for the live-cluster tests: run `kubectl ssomap ...` through real kubectl's plugin
discovery against the sandbox, and read aws-auth the way the authenticator does."""
import os
import subprocess
from pathlib import Path

import yaml

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))
ACCOUNT = "123456789999"
ADMIN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
VIEW_ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_ViewOnlyAccess_9c1e4b7a3d5f6081"
PATHFUL_ADMIN_ROLE = (f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/us-east-2/"
                      "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7")
NODE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/eks-node-role"


def plugin_env(sandbox, **extra):
    env = dict(sandbox.env)
    env["PATH"] = f"{BIN_DIR}:/usr/local/bin:/usr/bin:/bin"
    env.update(extra)
    return env


def ssomap(sandbox, *args, env=None, input=None, timeout=120):
    """`kubectl ssomap ARGS` with the admin context current (the sandbox's default)."""
    return subprocess.run(["kubectl", "ssomap", *args], env=env or plugin_env(sandbox), input=input,
                          capture_output=True, text=True, timeout=timeout, cwd=sandbox.dir)


def entries(data, key="mapRoles"):
    """The entries of one aws-auth key, keys lower-cased as the authenticator reads them."""
    value = yaml.safe_load(data.get(key) or "") or []
    return [{k.lower(): v for k, v in e.items()} for e in value]


def role_entries(data, arn):
    return [e for e in entries(data) if str(e.get("rolearn", "")).lower() == arn.lower()]


def assert_one_line_error(result):
    """A failure is a non-zero exit and a short message: an `error:` line and maybe a `hint:`."""
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    for bad in ("Traceback", "terminate called", "Aborted", "what():", "AddressSanitizer"):
        assert bad not in result.stderr


def resource_version(sandbox):
    return sandbox.get_configmap()["metadata"]["resourceVersion"]
