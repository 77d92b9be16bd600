"""lib/kube end to end against the sandbox's API server, through tests/tools/kube_tool (a GET of
one path with the resolved context): kubeconfig loading and merging, static, certificate and
exec authentication (native EKS token and the real `aws eks get-token`), TLS verification,
Status errors, retries and timeouts."""
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml

BIN_DIR = Path(os.environ.get("SSOMAP_BIN_DIR", Path(__file__).resolve().parents[2] / "build" / "plugin"))
TOOL = (BIN_DIR.parent / "tests" / "tools" / "kube_tool").resolve()

AWS_AUTH = "/api/v1/namespaces/kube-system/configmaps/aws-auth"
PODS = "/api/v1/namespaces/default/pods"
ADMIN_ROLE_ARN = "arn:aws:iam::123456789999:role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"
SSO_ADMIN_MAPPING = ("- rolearn: %s\n  username: sso:{{SessionName}}\n  groups:\n    - system:masters\n"
                     % ADMIN_ROLE_ARN)


def kube_tool(sandbox, *args, env=None, cwd=None):
    if not TOOL.exists():
        pytest.fail(f"kube_tool not built at {TOOL}")
    return subprocess.run([str(TOOL), *args], env=env or sandbox.env, capture_output=True, text=True,
                          timeout=90, cwd=cwd or sandbox.dir)


def kubeconfig(sandbox):
    with open(os.path.join(sandbox.dir, ".kube", "config")) as f:
        return yaml.safe_load(f)


def server(sandbox):
    return kubeconfig(sandbox)["clusters"][0]["cluster"]


def write_config(path, clusters=(), users=(), contexts=(), current=None):
    doc = {"apiVersion": "v1", "kind": "Config", "clusters": list(clusters), "users": list(users),
           "contexts": list(contexts)}
    if current:
        doc["current-context"] = current
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(yaml.safe_dump(doc, sort_keys=False))
    return str(path)


def one_context(path, cluster, user):
    return write_config(path, [{"name": "c", "cluster": cluster}], [{"name": "u", "user": user}],
                        [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}], current="ctx")


def admin_token(sandbox):
    return sandbox.env["EKSBOX_ADMIN_TOKEN"]


@pytest.fixture
def sso_mapped(clean_aws_auth):
    data = dict(clean_aws_auth.aws_auth())
    data["mapRoles"] = data.get("mapRoles", "") + SSO_ADMIN_MAPPING
    clean_aws_auth.put_configmap(data)
    return clean_aws_auth


def test_admin_token_reads_aws_auth(sandbox):
    r = kube_tool(sandbox, "get", AWS_AUTH)
    assert r.returncode == 0, r.stderr
    cm = json.loads(r.stdout)
    assert cm["kind"] == "ConfigMap"
    assert cm["data"] == sandbox.aws_auth()
    assert cm["metadata"]["resourceVersion"]


def test_admin_client_certificate_context(sandbox):
    r = kube_tool(sandbox, "--context", "admin-cert", "get", "/api/v1/namespaces")
    assert r.returncode == 0, r.stderr
    names = [ns["metadata"]["name"] for ns in json.loads(r.stdout)["items"]]
    assert "kube-system" in names


@pytest.mark.parametrize("native", [True, False], ids=["native-token", "aws-cli-exec"])
def test_exec_plugin_context_is_authenticated(sso_mapped, native):
    args = ["-v", "4", "--context", "sso-user"] + ([] if native else ["--no-native"]) + ["get", PODS]
    r = kube_tool(sso_mapped, *args)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["kind"] == "PodList"
    assert ("made natively" in r.stderr) == native
    assert "k8s-aws-v1." not in r.stderr  # the token is never logged


def test_eks_exec_with_options_we_do_not_model_runs_the_cli(sso_mapped, tmp_path):
    # --endpoint-url changes how the CLI signs: the exec runs as configured, and says why at -v 4.
    cfg = kubeconfig(sso_mapped)
    user = next(u for u in cfg["users"] if u["name"] == "sso-user")["user"]
    user["exec"]["args"] += ["--endpoint-url", sso_mapped.env["AWS_ENDPOINT_URL_STS"]]
    path = write_config(tmp_path / "config", cfg["clusters"], [{"name": "sso-user", "user": user}],
                        [{"name": "sso", "context": {"cluster": cfg["clusters"][0]["name"], "user": "sso-user"}}],
                        current="sso")
    r = kube_tool(sso_mapped, "-v", "4", "--kubeconfig", path, "get", PODS)
    assert r.returncode == 0, r.stderr
    assert "runs as configured" in r.stderr and "--endpoint-url" in r.stderr


def test_unmapped_sso_user_is_unauthorized_with_identity_and_hint(clean_aws_auth):
    r = kube_tool(clean_aws_auth, "--context", "sso-user", "get", PODS)
    assert r.returncode == 4
    assert "rejected the credentials of context 'sso-user' (user 'sso-user'): Unauthorized" in r.stderr
    assert "hint: run 'kubectl ssomap doctor'" in r.stderr
    assert r.stdout == ""


def test_bad_static_token_is_unauthorized(sandbox, tmp_path):
    path = one_context(tmp_path / "config", server(sandbox), {"token": "not-a-real-token"})
    r = kube_tool(sandbox, "--kubeconfig", path, "get", PODS)
    assert r.returncode == 4
    assert "context 'ctx' (user 'u'): Unauthorized" in r.stderr


def test_forbidden_names_verb_and_resource(sandbox, tmp_path):
    sandbox.add_token("nobody-token-0123456789", "nobody", [])
    path = one_context(tmp_path / "config", server(sandbox), {"token": "nobody-token-0123456789"})
    r = kube_tool(sandbox, "--kubeconfig", path, "get", AWS_AUTH)
    assert r.returncode == 4
    line = r.stderr.splitlines()[0]
    assert line.startswith("error: ")
    assert 'cannot get resource "configmaps"' in line and "forbidden" in line
    assert "hint:" in r.stderr


def test_wrong_ca_is_refused_never_bypassed(sandbox, tmp_path):
    key, crt = tmp_path / "other.key", tmp_path / "other.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(crt), "-days", "1", "-subj", "/CN=other-ca"], check=True, capture_output=True)
    cluster = dict(server(sandbox))
    cluster.pop("certificate-authority-data")
    cluster["certificate-authority"] = "other.crt"  # relative to the kubeconfig's directory
    path = one_context(tmp_path / "config", cluster, {"token": admin_token(sandbox)})
    sandbox.sb.log.clear()
    r = kube_tool(sandbox, "--kubeconfig", path, "get", PODS)
    assert r.returncode != 0
    assert r.stdout == ""
    assert "certificate" in r.stderr.lower() or "tls" in r.stderr.lower() or "ssl" in r.stderr.lower()
    assert not [e for e in sandbox.requests("kube") if e.get("path", "").startswith(PODS)]


def test_insecure_skip_tls_verify_only_from_the_kubeconfig_with_a_warning(sandbox, tmp_path):
    cluster = {"server": server(sandbox)["server"], "insecure-skip-tls-verify": True}
    path = one_context(tmp_path / "config", cluster, {"token": admin_token(sandbox)})
    r = kube_tool(sandbox, "--kubeconfig", path, "get", PODS)
    assert r.returncode == 0, r.stderr
    assert "warning: TLS verification is off for cluster 'c'" in r.stderr


def test_malformed_kubeconfig_names_the_file_and_line(sandbox, tmp_path):
    path = tmp_path / "config"
    path.write_text("apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: [\n")
    r = kube_tool(sandbox, "--kubeconfig", str(path), "get", PODS)
    assert r.returncode == 1
    assert r.stderr.startswith(f"error: kubeconfig {path}: line ")
    assert len(r.stderr.splitlines()) == 2  # one line, and the hint


def test_missing_context_points_at_get_contexts(sandbox):
    r = kube_tool(sandbox, "--context", "nope", "get", PODS)
    assert r.returncode == 1
    assert "context 'nope' not found" in r.stderr
    assert "hint: list the contexts with: kubectl config get-contexts" in r.stderr


def test_missing_explicit_kubeconfig(sandbox, tmp_path):
    r = kube_tool(sandbox, "--kubeconfig", str(tmp_path / "absent"), "get", PODS)
    assert r.returncode == 1
    assert "(from --kubeconfig) does not exist" in r.stderr


def test_unreachable_server_is_a_clear_error(sandbox, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cluster = dict(server(sandbox), server=f"https://127.0.0.1:{port}")
    path = one_context(tmp_path / "config", cluster, {"token": admin_token(sandbox)})
    r = kube_tool(sandbox, "--kubeconfig", path, "get", "/version")
    assert r.returncode == 1
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"error: GET /version (https://127.0.0.1:{port}): ")
    assert "hint:" in r.stderr


def test_kubeconfig_list_first_file_wins(sandbox, tmp_path):
    main = os.path.join(sandbox.dir, ".kube", "config")
    cluster_name = kubeconfig(sandbox)["clusters"][0]["name"]
    first = write_config(tmp_path / "first", contexts=[{"name": "admin-cert", "context": {
        "cluster": cluster_name, "user": "admin-cert", "namespace": "from-first"}}], current="admin-cert")
    env = dict(sandbox.env, KUBECONFIG=f"{tmp_path / 'missing'}:{first}:{main}:{first}")
    r = kube_tool(sandbox, "namespace", env=env)
    assert r.stdout.strip() == "from-first", r.stderr
    assert kube_tool(sandbox, "-n", "given", "namespace", env=env).stdout.strip() == "given"
    r = kube_tool(sandbox, "get", "/api/v1/namespaces/kube-system", env=env)
    assert r.returncode == 0, r.stderr  # cluster and user come from the second file


def test_relative_paths_resolve_against_the_kubeconfig(sandbox, tmp_path):
    conf_dir = tmp_path / "kube"
    conf_dir.mkdir()
    shutil.copy(os.path.join(sandbox.dir, "pki", "ca.crt"), conf_dir / "ca.crt")
    (conf_dir / "token").write_text(admin_token(sandbox) + "\n")
    cluster = {"server": server(sandbox)["server"], "certificate-authority": "ca.crt"}
    path = one_context(conf_dir / "config", cluster, {"tokenFile": "token"})
    r = kube_tool(sandbox, "--kubeconfig", path, "get", "/api/v1/namespaces/kube-system", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr


def test_missing_exec_command_shows_install_hint(sandbox, tmp_path):
    user = {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": "no-such-credential-plugin",
                     "interactiveMode": "Never", "installHint": "install it with: apt install no-such-plugin"}}
    path = one_context(tmp_path / "config", server(sandbox), user)
    r = kube_tool(sandbox, "--kubeconfig", path, "get", PODS)
    assert r.returncode == 4
    assert "exec plugin 'no-such-credential-plugin'" in r.stderr and "not found" in r.stderr
    assert "hint: install it with: apt install no-such-plugin" in r.stderr


def test_exec_plugin_gets_exec_info_and_env(sandbox, tmp_path):
    plugin = tmp_path / "bin" / "cred"
    plugin.parent.mkdir()
    plugin.write_text(
        "#!/bin/sh\n"
        "echo \"$KUBERNETES_EXEC_INFO\" > \"$OUT_DIR/info.json\"\n"
        "echo 'plugin says hi' >&2\n"
        "printf '{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
        "\"status\":{\"token\":\"%s\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}' \"$TOKEN\"\n")
    plugin.chmod(0o755)
    user = {"exec": {"apiVersion": "client.authentication.k8s.io/v1", "command": "./bin/cred",
                     "interactiveMode": "Never", "provideClusterInfo": True,
                     "env": [{"name": "TOKEN", "value": admin_token(sandbox)},
                             {"name": "OUT_DIR", "value": str(tmp_path)}]}}
    path = one_context(tmp_path / "config", server(sandbox), user)
    r = kube_tool(sandbox, "--kubeconfig", path, "get", PODS)
    assert r.returncode == 0, r.stderr
    assert "plugin says hi" in r.stderr  # the plugin's stderr passes through
    info = json.loads((tmp_path / "info.json").read_text())
    assert info["apiVersion"] == "client.authentication.k8s.io/v1"
    assert info["spec"]["interactive"] is False
    assert info["spec"]["cluster"]["server"] == server(sandbox)["server"]
    assert info["spec"]["cluster"]["certificate-authority-data"]


def test_retries_503_and_429(sandbox):
    sandbox.sb.log.clear()
    sandbox.inject_fault("kube", "GET", path="/configmaps/aws-auth", count=1, status=503)
    sandbox.inject_fault("kube", "GET", path="/configmaps/aws-auth", count=1, status=429, retry_after=1)
    r = kube_tool(sandbox, "get", AWS_AUTH)
    assert r.returncode == 0, r.stderr
    statuses = [e["status"] for e in sandbox.requests("kube") if e.get("path", "").endswith("/aws-auth")]
    assert statuses[-1] == 200 and 503 in statuses and 429 in statuses


def test_dropped_connection_is_retried(sandbox):
    sandbox.inject_fault("kube", "GET", path="/configmaps/aws-auth", count=1, action="drop")
    r = kube_tool(sandbox, "get", AWS_AUTH)
    assert r.returncode == 0, r.stderr


def test_persistent_500_is_a_one_line_error(sandbox):
    sandbox.inject_fault("kube", "GET", path="/configmaps/aws-auth", count=20, status=500)
    r = kube_tool(sandbox, "get", AWS_AUTH)
    assert r.returncode == 1
    assert r.stderr.splitlines()[0].startswith(f"error: GET {AWS_AUTH}: ")
    assert "hint: the API server is overloaded or failing" in r.stderr


def test_request_timeout_is_honoured(sandbox):
    sandbox.inject_fault("kube", "GET", path="/configmaps/aws-auth", count=20, action="delay", delay=3.0)
    r = kube_tool(sandbox, "--request-timeout", "1s", "get", AWS_AUTH)
    assert r.returncode == 1
    assert "time" in r.stderr.lower()
