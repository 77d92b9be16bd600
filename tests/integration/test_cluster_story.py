"""The mission end to end on the sandbox with real kubectl and the real AWS CLI: the SSO user
is refused, `kubectl ssomap add` maps the role, the same user gets in — and nothing else in
aws-auth moves."""
import json
import os
import stat
import subprocess

import pytest
import yaml

from cluster_support import (ADMIN_ROLE, NODE_ROLE, PATHFUL_ADMIN_ROLE, VIEW_ROLE, assert_one_line_error,
                             entries, plugin_env, resource_version, role_entries, ssomap)


def sso_get_pods(sandbox, *args, context="sso-user", env=None):
    return sandbox.kubectl("get", "pods", *args, context=context, env=env)


def assert_rest_byte_identical(before, after, added_arn=None):
    """mapUsers, mapAccounts and every line of the original mapRoles stay as they were; the only
    change is entries appended for `added_arn`."""
    for key in before:
        if key != "mapRoles":
            assert after.get(key) == before[key], key
    assert after["mapRoles"].startswith(before["mapRoles"]), after["mapRoles"]
    tail = after["mapRoles"][len(before["mapRoles"]):]
    if added_arn is None:
        assert tail == ""
    else:
        new = yaml.safe_load(tail)
        assert [e["rolearn"] for e in new] == [added_arn]


def test_the_seed_story_admin(clean_aws_auth):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    refused = sso_get_pods(sandbox, "-A")
    assert refused.returncode != 0
    assert "Unauthorized" in refused.stderr or "provide credentials" in refused.stderr

    r = ssomap(sandbox, "add", "--profile", "test-profile", "--admin")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "configmap/aws-auth configured\n"
    assert "warning: --admin grants system:masters" in r.stderr
    assert f"aws-auth compares the role ARN {ADMIN_ROLE}" in r.stderr

    ok = sso_get_pods(sandbox, "-A")
    assert ok.returncode == 0, ok.stderr
    assert "coredns" in ok.stdout and "web-" in ok.stdout

    after = sandbox.aws_auth()
    assert_rest_byte_identical(before, after, ADMIN_ROLE)
    (entry,) = role_entries(after, ADMIN_ROLE)
    assert entry["groups"] == ["system:masters"]
    assert entry["username"] == "sso:AdministratorAccess:{{SessionName}}"


def test_the_user_is_named_by_session_in_kubernetes(clean_aws_auth):
    sandbox = clean_aws_auth
    assert ssomap(sandbox, "add", "--profile", "test-profile", "--admin").returncode == 0
    who = sandbox.kubectl("auth", "whoami", "-o", "json", context="sso-user")
    assert who.returncode == 0, who.stderr
    assert json.loads(who.stdout)["status"]["userInfo"]["username"].startswith("sso:AdministratorAccess:")


def can_i(sandbox, env, verb, group, resource, ns):
    """kubectl's SelfSubjectAccessReview as the viewer, for any API group."""
    review = {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
              "spec": {"resourceAttributes": {"verb": verb, "group": group, "resource": resource,
                                              "namespace": ns}}}
    r = sandbox.kubectl("create", "--validate=false", "-f", "-", "-o", "json", context="viewer",
                        env=env, input=json.dumps(review))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["status"]["allowed"]


@pytest.fixture
def viewer_env(sandbox, tmp_path):
    """A kubeconfig with a `viewer` context whose exec signs in with profile dev-sso."""
    config = yaml.safe_load(open(os.path.join(sandbox.dir, ".kube", "config")))
    sso = next(u for u in config["users"] if u["name"] == "sso-user")
    viewer = json.loads(json.dumps(sso))
    viewer["name"] = "viewer"
    for var in viewer["user"]["exec"].get("env") or []:
        if var["name"] == "AWS_PROFILE":
            var["value"] = "dev-sso"
    config["users"].append(viewer)
    config["contexts"].append({"name": "viewer", "context": {"cluster": "dev", "user": "viewer"}})
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(config))
    return plugin_env(sandbox, KUBECONFIG=str(path))


def test_view_in_one_namespace(fresh_sandbox, viewer_env):
    sandbox = fresh_sandbox
    assert sandbox.kubectl("get", "pods", "-n", "dev", context="viewer", env=viewer_env).returncode != 0

    r = ssomap(sandbox, "add", "--profile", "dev-sso", "--view", "-n", "dev")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "rolebinding.rbac.authorization.k8s.io/ssomap-view created in namespace dev",
        "configmap/aws-auth configured",
    ]
    (entry,) = role_entries(sandbox.aws_auth(), VIEW_ROLE)
    assert entry["groups"] == ["ssomap:view:dev"]

    dev = sandbox.kubectl("get", "pods", "-n", "dev", context="viewer", env=viewer_env)
    assert dev.returncode == 0, dev.stderr
    assert "web-" in dev.stdout
    prod = sandbox.kubectl("get", "pods", "-n", "prod", context="viewer", env=viewer_env)
    assert prod.returncode != 0 and "forbidden" in prod.stderr.lower()
    for verb, resource in (("delete", "pods"), ("create", "configmaps"), ("get", "secrets"),
                           ("list", "secrets")):
        can = sandbox.kubectl("auth", "can-i", verb, resource, "-n", "dev", context="viewer", env=viewer_env)
        assert can.stdout.strip() == "no", (verb, resource)
    # Regression (issue 10 §4): "read-only" was a Role on the core group only; it is Kubernetes'
    # own `view` ClusterRole, so workloads of every group are readable, Secrets never. (The
    # sandbox serves no apps/batch discovery, so `kubectl auth can-i` could not name the group:
    # the same SelfSubjectAccessReview is sent with kubectl create.)
    for group, resource, ns, allowed in (("apps", "deployments", "dev", True),
                                         ("batch", "jobs", "dev", True),
                                         ("networking.k8s.io", "ingresses", "dev", True),
                                         ("apps", "deployments", "prod", False),
                                         ("", "secrets", "dev", False)):
        assert can_i(sandbox, viewer_env, "list", group, resource, ns) is allowed, (group, resource, ns)

    binding = json.loads(sandbox.kubectl("get", "rolebinding", "ssomap-view", "-n", "dev", "-o", "json").stdout)
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}
    assert binding["subjects"][0]["name"] == "ssomap:view:dev"
    assert sandbox.kubectl("get", "role", "ssomap-view", "-n", "dev").returncode != 0

    # Idempotent: a second run keeps the RBAC objects and the mapping.
    again = ssomap(sandbox, "add", "--profile", "dev-sso", "--view", "-n", "dev")
    assert again.returncode == 0, again.stderr
    assert "rolebinding.rbac.authorization.k8s.io/ssomap-view unchanged in namespace dev" in again.stdout
    assert "configmap/aws-auth unchanged" in again.stdout
    assert len(role_entries(sandbox.aws_auth(), VIEW_ROLE)) == 1


def test_view_cluster_wide(fresh_sandbox, viewer_env):
    sandbox = fresh_sandbox
    r = ssomap(sandbox, "add", "--profile", "dev-sso", "--view", "-A")
    assert r.returncode == 0, r.stderr
    assert "clusterrolebinding.rbac.authorization.k8s.io/ssomap-view created" in r.stdout
    binding = json.loads(sandbox.kubectl("get", "clusterrolebinding", "ssomap-view", "-o", "json").stdout)
    assert binding["roleRef"]["name"] == "view" and binding["subjects"][0]["name"] == "ssomap:view"
    can = sandbox.kubectl("auth", "can-i", "list", "secrets", "-A", context="viewer", env=viewer_env)
    assert can.stdout.strip() == "no"
    for ns in ("dev", "prod", "kube-system"):
        got = sandbox.kubectl("get", "pods", "-n", ns, context="viewer", env=viewer_env)
        assert got.returncode == 0, (ns, got.stderr)
    can = sandbox.kubectl("auth", "can-i", "delete", "pods", "-n", "dev", context="viewer", env=viewer_env)
    assert can.stdout.strip() == "no"


def test_view_without_n_or_A_is_the_contexts_namespace_not_cluster_wide(fresh_sandbox, viewer_env):
    # Regression (issue 10 §4): the help said -n defaults to the context's namespace while
    # `--view` without -n granted cluster-wide read. The admin context names no namespace: default.
    sandbox = fresh_sandbox
    r = ssomap(sandbox, "add", "--profile", "dev-sso", "--view")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "rolebinding.rbac.authorization.k8s.io/ssomap-view created in namespace default"
    (entry,) = role_entries(sandbox.aws_auth(), VIEW_ROLE)
    assert entry["groups"] == ["ssomap:view:default"]
    assert sandbox.kubectl("get", "clusterrolebinding", "ssomap-view").returncode != 0
    assert sandbox.kubectl("get", "pods", "-n", "dev", context="viewer", env=viewer_env).returncode != 0
    bad = ssomap(sandbox, "add", "--profile", "dev-sso", "--view", "-A", "-n", "dev")
    assert bad.returncode != 0 and "-n NS or -A" in bad.stderr


def test_pathful_arn_still_ends_in_access(clean_aws_auth):
    sandbox = clean_aws_auth
    r = ssomap(sandbox, "add", "--arn", PATHFUL_ADMIN_ROLE, "--admin")
    assert r.returncode == 0, r.stderr
    assert "removed the IAM path 'aws-reserved/sso.amazonaws.com/us-east-2/'" in r.stderr
    assert [e["rolearn"] for e in entries(sandbox.aws_auth())][-1] == ADMIN_ROLE
    ok = sso_get_pods(sandbox, "-A")
    assert ok.returncode == 0, ok.stderr


def test_repeated_add_is_a_no_op_and_a_different_one_is_refused(clean_aws_auth):
    sandbox = clean_aws_auth
    assert ssomap(sandbox, "add", "--profile", "test-profile", "--admin").returncode == 0
    rv = resource_version(sandbox)
    data = sandbox.aws_auth()

    same = ssomap(sandbox, "add", "--profile", "test-profile", "--admin")
    assert same.returncode == 0, same.stderr
    assert same.stdout == "configmap/aws-auth unchanged\n"
    assert resource_version(sandbox) == rv and sandbox.aws_auth() == data

    other = ssomap(sandbox, "add", "--arn", PATHFUL_ADMIN_ROLE, "--group", "dev")
    assert other.returncode == 3
    assert_one_line_error(other)
    assert "already mapped" in other.stderr and "system:masters" in other.stderr
    assert "--overwrite" in other.stderr
    assert resource_version(sandbox) == rv

    replaced = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--group", "dev", "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    (entry,) = role_entries(sandbox.aws_auth(), ADMIN_ROLE)
    assert entry["groups"] == ["dev"]


def test_remove_takes_access_away_and_keeps_node_roles(clean_aws_auth):
    sandbox = clean_aws_auth
    before = sandbox.aws_auth()
    assert ssomap(sandbox, "add", "--profile", "test-profile", "--admin").returncode == 0
    assert sso_get_pods(sandbox, "-A").returncode == 0

    r = ssomap(sandbox, "remove", "--profile", "test-profile")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "configmap/aws-auth configured\n"
    assert sandbox.aws_auth() == before
    assert sso_get_pods(sandbox, "-A").returncode != 0

    node = ssomap(sandbox, "remove", "--arn", NODE_ROLE)
    assert node.returncode == 3
    assert_one_line_error(node)
    assert "node role" in node.stderr
    missing = ssomap(sandbox, "remove", "--arn", ADMIN_ROLE)
    assert missing.returncode == 1 and "is not mapped" in missing.stderr
    assert sandbox.aws_auth() == before


@pytest.mark.parametrize("mode", ["client", "server"])
def test_dry_run_prints_a_diff_and_writes_nothing(clean_aws_auth, mode):
    sandbox = clean_aws_auth
    rv = resource_version(sandbox)
    r = ssomap(sandbox, "add", "--profile", "test-profile", "--admin", f"--dry-run={mode}")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("--- kube-system/aws-auth (live)\n+++ kube-system/aws-auth (changed)\n@@ ")
    assert f"+  - rolearn: {ADMIN_ROLE}\n" in r.stdout
    assert "+      - system:masters\n" in r.stdout
    assert "(dry run)" in r.stderr
    assert resource_version(sandbox) == rv
    assert role_entries(sandbox.aws_auth(), ADMIN_ROLE) == []
    if mode == "server":
        puts = [q for q in sandbox.requests("kube") if q.get("method") == "PUT"]
        assert puts and "dryRun=All" in puts[-1].get("path", "")


def test_output_json_is_the_stored_configmap(clean_aws_auth):
    sandbox = clean_aws_auth
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", "-o", "json")
    assert r.returncode == 0, r.stderr
    cm = json.loads(r.stdout)
    assert cm["kind"] == "ConfigMap" and cm["metadata"]["name"] == "aws-auth"
    assert cm["metadata"]["resourceVersion"] == resource_version(sandbox)
    assert cm["data"] == sandbox.aws_auth()
    y = ssomap(sandbox, "remove", "--arn", ADMIN_ROLE, "-o", "yaml")
    assert y.returncode == 0, y.stderr
    assert yaml.safe_load(y.stdout)["data"] == sandbox.aws_auth()


def test_list_on_the_cluster(clean_aws_auth):
    sandbox = clean_aws_auth
    assert ssomap(sandbox, "add", "--arn", PATHFUL_ADMIN_ROLE, "--admin").returncode == 0
    table = ssomap(sandbox, "list")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["SOURCE", "ARN", "USERNAME", "GROUPS", "PERMISSION", "SET", "PROBLEMS"]
    assert any(ADMIN_ROLE in line and "AdministratorAccess" in line and "system-masters" in line for line in lines)
    report = json.loads(ssomap(sandbox, "list", "-o", "json").stdout)
    assert [m["arn"] for m in report["mappings"]] == [NODE_ROLE, ADMIN_ROLE, f"arn:aws:iam::123456789999:user/ci-bot"]
    assert report["mappings"][0]["problems"][0]["code"] == "node-role"
    assert report["mappings"][1]["permissionSet"] == "AdministratorAccess"
    assert report["accounts"] == ["210987654321"]
    assert report["errors"] == []


def test_backups_are_private_and_restore_puts_one_back(clean_aws_auth):
    sandbox = clean_aws_auth
    original = sandbox.aws_auth()
    # Other tests share the backup directory (some of an aws-auth deleted and created again).
    earlier = {b["name"] for b in json.loads(ssomap(sandbox, "restore", "-o", "json").stdout)["backups"]}
    assert ssomap(sandbox, "add", "--profile", "test-profile", "--admin").returncode == 0
    added = sandbox.aws_auth()
    r = ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", "viewers")
    assert r.returncode == 0, r.stderr
    path = next(line.split(": ", 1)[1] for line in r.stderr.splitlines() if line.startswith("backup of"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert json.load(open(path))["configMap"]["data"] == added

    listing = ssomap(sandbox, "restore", "-o", "json")
    assert listing.returncode == 0, listing.stderr
    names = [b["name"] for b in json.loads(listing.stdout)["backups"]]
    assert os.path.basename(path) == names[0]

    rv = resource_version(sandbox)
    dry = ssomap(sandbox, "restore", names[0], "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"-  - rolearn: {VIEW_ROLE}" in dry.stdout
    assert resource_version(sandbox) == rv

    back = ssomap(sandbox, "restore", names[0], "--yes")
    assert back.returncode == 0, back.stderr
    assert sandbox.aws_auth() == added
    # The restore itself was backed up: restoring "latest" undoes it.
    undo = ssomap(sandbox, "restore", "latest", "--yes")
    assert undo.returncode == 0, undo.stderr
    assert role_entries(sandbox.aws_auth(), VIEW_ROLE)
    ours = [b["name"] for b in json.loads(ssomap(sandbox, "restore", "-o", "json").stdout)["backups"]
            if b["name"] not in earlier]
    assert ssomap(sandbox, "restore", ours[-1], "--yes").returncode == 0
    assert sandbox.aws_auth() == original


def test_restore_refuses_to_drop_node_roles(clean_aws_auth):
    sandbox = clean_aws_auth
    sandbox.put_configmap({"mapRoles": ""})
    assert ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin").returncode == 0  # backup: empty mapRoles
    sandbox.reset_aws_auth()
    before = sandbox.aws_auth()
    r = ssomap(sandbox, "restore", "latest")
    assert r.returncode == 3
    assert_one_line_error(r)
    assert NODE_ROLE in r.stderr and "--force" in r.stderr
    assert sandbox.aws_auth() == before


def test_creates_aws_auth_when_missing(clean_aws_auth):
    sandbox = clean_aws_auth
    assert sandbox.kubectl("delete", "cm", "aws-auth", "-n", "kube-system").returncode == 0
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "configmap/aws-auth created\n"
    assert [e["rolearn"] for e in entries(sandbox.aws_auth())] == [ADMIN_ROLE]
