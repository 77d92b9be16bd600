"""Issue 11 §5: hostile and broken local files get a one-line error naming the file and the
problem — never a crash, unbounded memory, or a directory read as an empty file. kubectl, the
real peer, refuses the same files."""
import os
from pathlib import Path

import pytest
import yaml

from cluster_support import assert_one_line_error, plugin_env, ssomap
from whoami_support import home  # noqa: F401

ALIAS_BOMB_HEAD = """apiVersion: v1
kind: Config
current-context: bomb
clusters:
- name: bomb
  cluster:
    server: https://127.0.0.1:9
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
"""


def alias_bomb():
    text = ALIAS_BOMB_HEAD
    for c in "bcdefghi":
        prev = chr(ord(c) - 1)
        text += f"        {c}: &{c} [" + ",".join(f"*{prev}" for _ in range(9)) + "]\n"
    text += ("contexts:\n- name: bomb\n  context: {cluster: bomb, user: u}\n"
             "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
             "      command: aws\n      args: [eks, get-token, --cluster-name, bomb]\n"
             "      provideClusterInfo: true\n")
    return text


def test_alias_bomb_in_an_exec_extension_is_refused(sandbox, tmp_path):
    path = tmp_path / "bomb"
    path.write_text(alias_bomb())
    assert len(path.read_bytes()) < 1024  # the probe's was 684 bytes
    env = plugin_env(sandbox, KUBECONFIG=str(path))
    r = ssomap(sandbox, "list", env=env, timeout=60)
    assert_one_line_error(r)
    assert f"kubeconfig {path}: YAML aliases expand to more than" in r.stderr, r.stderr
    kubectl = sandbox.kubectl("config", "view", env=dict(sandbox.env, KUBECONFIG=str(path)))
    assert kubectl.returncode != 0  # the peer refuses it too


def test_kubeconfig_that_is_a_directory_is_refused_as_kubectl_does(sandbox, tmp_path):
    env = plugin_env(sandbox, KUBECONFIG=str(tmp_path))
    r = ssomap(sandbox, "list", env=env)
    assert_one_line_error(r)
    assert f"{tmp_path}: is a directory" in r.stderr, r.stderr
    kubectl = sandbox.kubectl("config", "view", env=dict(sandbox.env, KUBECONFIG=str(tmp_path)))
    assert kubectl.returncode != 0 and "is a directory" in kubectl.stderr


@pytest.mark.parametrize("ca", ["directory", "empty"])
def test_certificate_authority_directory_or_empty_never_means_the_system_store(sandbox, tmp_path, ca):
    config = yaml.safe_load(Path(sandbox.env["KUBECONFIG"]).read_text())
    bad = tmp_path / "ca"
    if ca == "directory":
        bad.mkdir()
    else:
        bad.write_text("")
    for c in config["clusters"]:
        c["cluster"].pop("certificate-authority-data", None)
        c["cluster"]["certificate-authority"] = str(bad)
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(config))
    r = ssomap(sandbox, "list", env=plugin_env(sandbox, KUBECONFIG=str(path)))
    assert_one_line_error(r)
    assert ("is a directory" if ca == "directory" else "is empty") in r.stderr, r.stderr


def test_sso_cache_file_that_is_a_directory_is_refused(home, sandbox):
    for f in list(home.sso_cache.glob("*.json")):
        f.unlink()
        f.mkdir()
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert_one_line_error(r)
    assert "is a directory" in r.stderr, r.stderr


def test_aws_config_that_is_a_directory_is_refused(home, sandbox, tmp_path):
    env = dict(home.env, AWS_CONFIG_FILE=str(tmp_path))
    r = home.ssomap("whoami", "--profile", "test-profile", env=env)
    assert_one_line_error(r)
    assert f"{tmp_path}: is a directory" in r.stderr, r.stderr


def test_a_50_mb_aws_config_is_refused_by_size(home, sandbox):
    path = Path(home.env["AWS_CONFIG_FILE"])
    with open(path, "a") as f:
        block = "".join(f"[profile filler{i}]\nregion = us-east-1\n" for i in range(1000))
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            f.write(block)
    assert path.stat().st_size > 50 * 1024 * 1024
    r = home.ssomap("whoami", "--profile", "test-profile")
    assert_one_line_error(r)
    assert f"{path}: larger than the 16 MiB we read of a file" in r.stderr, r.stderr
