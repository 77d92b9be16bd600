"""`eksbox up` / `eksbox down` as the README describes them, with a world file of our own."""
import os
import shlex
import subprocess
import sys

import pytest
import yaml

SANDBOX = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sandbox")
EKSBOX = os.path.join(SANDBOX, "eksbox")
REQUIRED = ["HOME", "KUBECONFIG", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
            "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC",
            "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_EKS", "AWS_CA_BUNDLE",
            "AWS_DEFAULT_REGION", "AWS_REGION"]


def read_env(path):
    env = {}
    for line in open(path):
        if line.startswith("export "):
            key, _, value = line[len("export "):].strip().partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    return env


@pytest.fixture
def small_world(tmp_path):
    sys.path.insert(0, SANDBOX)
    from sandbox.world import DEFAULT_WORLD
    world = yaml.safe_load(open(DEFAULT_WORLD))
    world["clusters"] = [dict(world["clusters"][0], name="tiny",
                              namespaces={"kube-system": [], "default": ["hello-1"]})]
    path = tmp_path / "world.yaml"
    path.write_text(yaml.safe_dump(world))
    return str(path)


def test_up_and_down(tmp_path, small_world):
    box = str(tmp_path / "box")
    up = subprocess.run([EKSBOX, "up", "--dir", box, "--world", small_world],
                        capture_output=True, text=True, timeout=120)
    try:
        assert up.returncode == 0, up.stderr
        assert ". %s/env" % box in up.stdout
        env = read_env(os.path.join(box, "env"))
        assert set(REQUIRED) <= set(env)
        assert env["HOME"] == box and all(env["AWS_ENDPOINT_URL_" + s].startswith(
            "https://127.0.0.1:") for s in ("STS", "SSO", "SSO_OIDC", "IAM", "EKS"))
        for rel in (".kube/config", ".aws/config", ".aws/credentials", "pki/ca.crt"):
            assert os.path.exists(os.path.join(box, rel)), rel
        assert len(os.listdir(os.path.join(box, ".aws", "sso", "cache"))) == 2
        full = dict(env, PATH="/usr/bin:/bin")
        r = subprocess.run(["kubectl", "get", "pods", "-A", "-o", "name"], env=full,
                           capture_output=True, text=True, timeout=60)
        assert r.stdout.split() == ["pod/hello-1"], r.stderr
        again = subprocess.run([EKSBOX, "up", "--dir", box], capture_output=True, text=True)
        assert again.returncode == 1 and "already running" in again.stderr
        from sandbox import SandboxClient
        client = SandboxClient(box)
        client.inject_fault("kube", "GET", path="/api/v1/pods", status=503)
        r = subprocess.run(["kubectl", "get", "pods", "-A", "--request-timeout=5s"], env=full,
                           capture_output=True, text=True, timeout=60)
        assert client.requests("kube")[-1]["path"].startswith("/api/v1/pods")
        assert "mapRoles" in client.aws_auth("tiny")
        subprocess.run(["kubectl", "delete", "pod", "hello-1", "-n", "default"], env=full,
                       capture_output=True, timeout=60)
        client.reset()
        r = subprocess.run(["kubectl", "get", "pods", "-A", "-o", "name"], env=full,
                           capture_output=True, text=True, timeout=60)
        assert r.stdout.split() == ["pod/hello-1"], r.stderr
    finally:
        down = subprocess.run([EKSBOX, "down", "--dir", box], capture_output=True, text=True,
                              timeout=60)
    assert down.returncode == 0, down.stderr
    assert not os.path.exists(os.path.join(box, "state.json"))
    port = int(env["AWS_ENDPOINT_URL_STS"].rsplit(":", 1)[1])
    import socket
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
