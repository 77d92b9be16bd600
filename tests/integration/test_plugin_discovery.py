"""The binary as kubectl finds it: plugin discovery through PATH, `--help` and `version`."""
import os
import subprocess
from pathlib import Path

import pytest

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))


@pytest.fixture
def plugin_env(tmp_path):
    if not (BIN_DIR / "kubectl-ssomap").exists():
        pytest.fail(f"kubectl-ssomap not built in {BIN_DIR}")
    return {"PATH": f"{BIN_DIR}:/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)}


def kubectl(env, *args, stdin=None):
    return subprocess.run(["kubectl", *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


def test_kubectl_lists_the_plugin(plugin_env):
    r = kubectl(plugin_env, "plugin", "list", "--name-only")
    assert "kubectl-ssomap" in r.stdout


def test_help_through_kubectl(plugin_env):
    r = kubectl(plugin_env, "ssomap", "--help")
    assert r.returncode == 0, r.stderr
    assert "Map AWS IAM Identity Center" in r.stdout
    assert "Exit codes:" in r.stdout
    for command in ("arn", "version"):
        assert f"\n  {command} " in r.stdout


def test_version_through_kubectl(plugin_env):
    r = kubectl(plugin_env, "ssomap", "version")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("kubectl-ssomap 0.1.0")


def test_arn_through_kubectl_strips_the_sso_path(plugin_env):
    r = kubectl(plugin_env, "ssomap", "arn",
                "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
                "AWSReservedSSO_ViewOnlyAccess_05a3861234567890")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "arn:aws:iam::123456789999:role/AWSReservedSSO_ViewOnlyAccess_05a3861234567890\n"


def test_mistyped_command_exit_2_with_suggestion(plugin_env):
    r = kubectl(plugin_env, "ssomap", "versoin")
    assert r.returncode == 2
    assert 'did you mean "version"?' in r.stderr
    assert r.stdout == ""


def test_bad_input_is_one_line_no_trace(plugin_env):
    r = kubectl(plugin_env, "ssomap", "arn", "arn:aws:iam::1:role/x")
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: ")
