"""aws-auth under stress: concurrent writers, faults at every step, and bad input. Whatever
happens, aws-auth is either unchanged or correctly changed — never anything else."""
import json
import os
import subprocess
import time

import pytest
import yaml

from cluster_support import (ADMIN_ROLE, NODE_ROLE, assert_one_line_error, entries, plugin_env, resource_version,
                             role_entries, ssomap)

TEAM = "arn:aws:iam::123456789999:role/team-{:02d}"


@pytest.mark.parametrize("round_", range(3))
def test_twenty_concurrent_adds_lose_nothing(clean_aws_auth, round_):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    env = plugin_env(sandbox)
    procs = [subprocess.Popen(["kubectl", "ssomap", "add", "--arn", TEAM.format(i), "--group", f"team-{i:02d}"],
                              env=env, cwd=sandbox.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(20)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for rc, out, err in results:
        assert rc == 0, err
        assert out == "configmap/aws-auth configured\n"
    data = sandbox.aws_auth()
    arns = [e["rolearn"] for e in entries(data)]
    assert sorted(arns[1:]) == [TEAM.format(i) for i in range(20)]
    assert arns[0] == NODE_ROLE
    assert data["mapRoles"].startswith(before["mapRoles"])
    assert data["mapUsers"] == before["mapUsers"] and data["mapAccounts"] == before["mapAccounts"]
    for e in entries(data)[1:]:
        assert e["groups"] == ["team-" + e["rolearn"][-2:]]


# Each step of `add --profile`: the STS call, the GET of aws-auth, the PUT.
STEPS = {
    "sts": ("sts", "POST", ""),
    "get": ("kube", "GET", "/configmaps/aws-auth"),
    "put": ("kube", "PUT", "/configmaps/aws-auth"),
}
FAULTS = {
    "429": dict(action="status", status=429, retry_after=1),
    "500": dict(action="status", status=500),
    "503": dict(action="status", status=503),
    "drop": dict(action="drop"),
}


def assert_unchanged_or_added(sandbox, before, result):
    data = sandbox.aws_auth()
    if result.returncode == 0:
        assert data["mapRoles"].startswith(before["mapRoles"])
        assert [e["rolearn"] for e in entries(data)] == [NODE_ROLE, ADMIN_ROLE]
    else:
        assert_one_line_error(result)
        assert data == before
    assert data["mapUsers"] == before["mapUsers"] and data["mapAccounts"] == before["mapAccounts"]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("fault", FAULTS)
def test_one_transient_fault_is_retried(clean_aws_auth, step, fault):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    service, method, path = STEPS[step]
    sandbox.inject_fault(service, method, path=path, count=1, **FAULTS[fault])
    r = ssomap(sandbox, "add", "--profile", "test-profile", "--admin")
    assert r.returncode == 0, r.stderr
    assert_unchanged_or_added(sandbox, before, r)


@pytest.mark.parametrize("step", STEPS)
def test_a_persistent_failure_is_one_clear_line(clean_aws_auth, step):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    service, method, path = STEPS[step]
    sandbox.inject_fault(service, method, path=path, count=50, action="status", status=500)
    r = ssomap(sandbox, "add", "--profile", "test-profile", "--admin")
    assert r.returncode != 0
    assert_unchanged_or_added(sandbox, before, r)
    # The server's own words (STS's error code, the Kubernetes Status reason) or the HTTP status.
    assert any(word in r.stderr.lower() for word in ("500", "internal", "unavailable"))


@pytest.mark.parametrize("step", STEPS)
def test_a_delay_past_the_timeout(clean_aws_auth, step):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    service, method, path = STEPS[step]
    sandbox.inject_fault(service, method, path=path, count=50, action="delay", delay=2.5)
    r = ssomap(sandbox, "--request-timeout", "1s", "add", "--profile", "test-profile", "--admin")
    if r.returncode != 0:
        assert_one_line_error(r)
        assert "timed out" in r.stderr or "timeout" in r.stderr.lower()
    # A PUT the client gave up on may still land when the server wakes: wait for it, then
    # aws-auth is as before or has exactly the new mapping.
    time.sleep(3)
    data = sandbox.aws_auth()
    assert data["mapRoles"].startswith(before["mapRoles"])
    assert [e["rolearn"] for e in entries(data)] in ([NODE_ROLE], [NODE_ROLE, ADMIN_ROLE])
    assert data["mapUsers"] == before["mapUsers"] and data["mapAccounts"] == before["mapAccounts"]
    # Whatever happened, a plain run afterwards ends in exactly one mapping.
    sandbox.clear_faults()
    again = ssomap(sandbox, "add", "--profile", "test-profile", "--admin")
    assert again.returncode == 0, again.stderr
    assert len(role_entries(sandbox.aws_auth(), ADMIN_ROLE)) == 1


def test_a_409_storm_is_redone_on_the_latest_version(clean_aws_auth):
    sandbox = clean_aws_auth
    sandbox.inject_fault("kube", "PUT", path="/configmaps/aws-auth", count=3, action="status", status=409)
    r = ssomap(sandbox, "-v", "1", "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == 0, r.stderr
    assert "after 4 attempts" in r.stderr
    assert len(role_entries(sandbox.aws_auth(), ADMIN_ROLE)) == 1


# --- bad input -------------------------------------------------------------------------------

def test_malformed_kubeconfig(sandbox, tmp_path):
    bad = tmp_path / "config"
    bad.write_text("apiVersion: v1\nclusters: [\n")
    r = ssomap(sandbox, "list", env=plugin_env(sandbox, KUBECONFIG=str(bad)))
    assert_one_line_error(r)
    assert str(bad) in r.stderr


def test_missing_context(sandbox):
    r = ssomap(sandbox, "--context", "nope", "list")
    assert_one_line_error(r)
    assert "nope" in r.stderr


def kubeconfig_variant(sandbox, tmp_path, change):
    config = yaml.safe_load(open(os.path.join(sandbox.dir, ".kube", "config")))
    cluster = next(c for c in config["clusters"] if c["name"] == "dev")["cluster"]
    change(cluster)
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(config))
    return plugin_env(sandbox, KUBECONFIG=str(path))


def test_unreachable_server(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    env = kubeconfig_variant(sandbox, tmp_path, lambda c: c.update(server="https://127.0.0.1:1"))
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", env=env)
    assert_one_line_error(r)
    assert "127.0.0.1:1" in r.stderr


def test_wrong_ca_is_refused_never_bypassed(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    other_ca = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=other",
                               "-keyout", str(tmp_path / "k.pem"), "-days", "1"],
                              capture_output=True, text=True, check=True).stdout
    import base64
    env = kubeconfig_variant(sandbox, tmp_path, lambda c: c.update(
        {"certificate-authority-data": base64.b64encode(other_ca.encode()).decode()}))
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", env=env)
    assert_one_line_error(r)
    assert "certificate" in r.stderr.lower()
    assert sandbox.aws_auth() == before


BROKEN = {
    "tab": "- rolearn: arn:aws:iam::123456789999:role/eks-node-role\n\tusername: x\n",
    "unclosed": "- rolearn: arn:aws:iam::123456789999:role/eks-node-role\n  groups: [system:nodes\n",
    "mis-indented": "- rolearn: arn:aws:iam::123456789999:role/eks-node-role\n username: x\n   groups: []\n",
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_aws_auth_is_refused_pointing_at_the_line(clean_aws_auth, case):
    sandbox = clean_aws_auth
    sandbox.put_configmap({"mapRoles": BROKEN[case], "mapUsers": "[]\n"})
    rv = resource_version(sandbox)
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == 3, r.stderr
    assert_one_line_error(r)
    assert "mapRoles" in r.stderr and "line" in r.stderr
    assert resource_version(sandbox) == rv
    listed = ssomap(sandbox, "list", "-o", "json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["errors"][0]["key"] == "mapRoles"


HOSTILE = [
    ("username", 'evil"\n- rolearn: arn:aws:iam::123456789999:role/x'),
    ("group", "system:masters\n  - system:nodes"),
]


@pytest.mark.parametrize("flag,value", HOSTILE)
def test_control_characters_in_names_are_usage_errors(clean_aws_auth, flag, value):
    sandbox = clean_aws_auth
    rv = resource_version(sandbox)
    args = ["add", "--arn", ADMIN_ROLE, f"--{flag}", value] + (["--admin"] if flag == "username" else [])
    r = ssomap(sandbox, *args)
    assert r.returncode == 2
    assert_one_line_error(r)
    assert resource_version(sandbox) == rv


@pytest.mark.parametrize("username,group", [
    ("a: b # c", "- system:masters"),
    ("{{SessionName}}", "&anchor"),
    ("*alias", "!!str x"),
    ("'quoted'", '"dq"'),
    ("[flow, list]", "{flow: map}"),
    ("| literal", "> folded"),
    ("@at", "%percent"),
    ("yes", "null"),
])
def test_hostile_names_round_trip_exactly(clean_aws_auth, username, group):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--group", group, "--username", username)
    assert r.returncode == 0, r.stderr
    data = sandbox.aws_auth()
    assert data["mapRoles"].startswith(before["mapRoles"])
    got = entries(data)
    assert len(got) == 2
    assert got[1] == {"rolearn": ADMIN_ROLE, "username": username, "groups": [group]}


def test_no_secret_at_the_highest_verbosity(clean_aws_auth):
    sandbox = clean_aws_auth
    outputs = []
    for args in (["add", "--profile", "test-profile", "--admin"], ["list"], ["remove", "--profile", "test-profile"],
                 ["doctor", "--profile", "test-profile", "--cluster-name", "dev"]):
        r = ssomap(sandbox, "-v", "9", *args)
        outputs.append(r.stdout + r.stderr)
    out = "\n".join(outputs)
    assert "Authorization: REDACTED" in out or "REDACTED" in out  # requests were logged, redacted
    secrets = [sandbox.env["EKSBOX_ADMIN_TOKEN"]]
    cache_dirs = [os.path.join(sandbox.dir, ".aws", "sso", "cache"), os.path.join(sandbox.dir, ".aws", "cli", "cache")]
    for d in cache_dirs:
        for name in os.listdir(d) if os.path.isdir(d) else []:
            doc = json.load(open(os.path.join(d, name)))
            secrets += [doc[k] for k in ("accessToken", "refreshToken", "clientSecret") if k in doc]
            creds = doc.get("Credentials", {})
            secrets += [creds[k] for k in ("SecretAccessKey", "SessionToken") if k in creds]
    assert len(secrets) >= 3
    for secret in secrets:
        assert secret not in out
    assert "k8s-aws-v1." not in out
