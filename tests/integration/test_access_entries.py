"""Access entries end to end (issue 12): real kubectl, the plugin through kubectl's plugin
discovery, the sandbox's EKS (prod: API, staging: API_AND_CONFIG_MAP) and IAM.

The SSO user is Unauthorized until `add` maps them; then their own `kubectl get pods` works
(namespace-scoped view: in the namespace only); `remove` takes it away. `--mode configmap` is
refused on an API cluster; `--permission-set` works without holding the profile; `migrate` on
staging moves a path-less aws-auth mapping to a pathful access entry and the user still signs in
after `--prune-configmap`."""
import json

import pytest

from cluster_support import ADMIN_ROLE, PATHFUL_ADMIN_ROLE, plugin_env, ssomap

PROD = ["--context", "admin@prod", "--cluster-name", "prod", "--admin-profile", "prod-sso"]
STAGING = ["--context", "admin@staging", "--cluster-name", "staging",
           "--admin-profile", "test-profile"]


def pods(sandbox, context, *args):
    return sandbox.kubectl("get", "pods", *args, context=context)


def entry_arns(sandbox, cluster, profile=None):
    """The principal ARNs of the cluster's access entries, read from the sandbox's EKS state
    (Debian's AWS CLI 2.9 on the fixture's PATH predates access entries)."""
    state = sandbox.sb.clusters[cluster]
    with state.lock:
        return sorted(state.entries)


def test_prod_api_add_admin_then_remove(fresh_sandbox):
    sb = fresh_sandbox
    before = pods(sb, "sso-user@prod", "-A")
    assert before.returncode != 0 and "Unauthorized" in before.stderr + before.stdout or \
        "logged in" in before.stderr
    added = ssomap(sb, "add", *PROD, "--profile", "test-profile", "--admin")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == f"accessentry/{PATHFUL_ADMIN_ROLE} created"
    assert "authentication mode API" in added.stderr
    assert PATHFUL_ADMIN_ROLE in entry_arns(sb, "prod", "prod-sso")
    # aws-auth is not written on an API cluster.
    assert sb.get_configmap(cluster="prod") is None or ADMIN_ROLE not in json.dumps(
        sb.aws_auth(cluster="prod"))
    after = pods(sb, "sso-user@prod", "-A")
    assert after.returncode == 0, after.stderr
    assert "coredns" in after.stdout

    again = ssomap(sb, "add", *PROD, "--profile", "test-profile", "--admin")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"accessentry/{PATHFUL_ADMIN_ROLE} unchanged"

    removed = ssomap(sb, "remove", *PROD, "--profile", "test-profile")
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"accessentry/{PATHFUL_ADMIN_ROLE} deleted"
    assert pods(sb, "sso-user@prod", "-A").returncode != 0


def test_prod_refuses_mode_configmap(fresh_sandbox):
    sb = fresh_sandbox
    refused = ssomap(sb, "add", *PROD, "--profile", "test-profile", "--admin", "--mode",
                     "configmap")
    assert refused.returncode == 3, refused.stderr
    assert "ignores aws-auth" in refused.stderr
    assert sb.get_configmap(cluster="prod") is None or ADMIN_ROLE not in json.dumps(
        sb.aws_auth(cluster="prod"))
    assert PATHFUL_ADMIN_ROLE not in entry_arns(sb, "prod", "prod-sso")


def test_staging_namespace_view(fresh_sandbox):
    sb = fresh_sandbox
    assert pods(sb, "sso-user@staging", "-n", "dev").returncode != 0
    added = ssomap(sb, "add", *STAGING, "--profile", "test-profile", "--view", "-n", "dev")
    assert added.returncode == 0, added.stderr
    assert "AmazonEKSViewPolicy namespace:dev" in added.stderr
    in_ns = pods(sb, "sso-user@staging", "-n", "dev")
    assert in_ns.returncode == 0, in_ns.stderr
    assert "web-" in in_ns.stdout
    elsewhere = pods(sb, "sso-user@staging", "-n", "kube-system")
    assert elsewhere.returncode != 0
    assert "Forbidden" in elsewhere.stderr or "forbidden" in elsewhere.stderr

    listed = ssomap(sb, "list", *STAGING)
    assert listed.returncode == 0, listed.stderr
    assert "POLICIES" in listed.stdout.splitlines()[0]
    rows = [line for line in listed.stdout.splitlines() if line.startswith("accessEntry")]
    assert any(PATHFUL_ADMIN_ROLE in r and "AmazonEKSViewPolicy(namespace:dev)" in r for r in rows)
    assert "authentication mode: API_AND_CONFIG_MAP" in listed.stderr

    removed = ssomap(sb, "remove", *STAGING, "--profile", "test-profile")
    assert removed.returncode == 0, removed.stderr
    assert pods(sb, "sso-user@staging", "-n", "dev").returncode != 0


def test_permission_set_without_holding_the_profile(fresh_sandbox):
    sb = fresh_sandbox
    probe = sb.sb.ports  # noqa: F841 (the sandbox is up)
    import sandbox.iam as iam  # the sandbox's own IAM service
    if "ListRoles" not in open(iam.__file__).read():
        pytest.skip("this sandbox's IAM does not serve ListRoles yet (branch sandbox adds it)")
    added = ssomap(sb, "add", *STAGING, "--permission-set", "AdministratorAccess", "--admin")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == f"accessentry/{PATHFUL_ADMIN_ROLE} created"
    works = pods(sb, "sso-user@staging", "-A")
    assert works.returncode == 0, works.stderr


def test_migrate_staging_prunes_and_user_still_signs_in(fresh_sandbox):
    sb = fresh_sandbox
    data = sb.aws_auth(cluster="staging")
    data["mapRoles"] += (f"- rolearn: {ADMIN_ROLE}\n"
                         "  username: sso:AdministratorAccess:{{SessionName}}\n"
                         "  groups:\n    - system:masters\n")
    sb.put_configmap(data, cluster="staging")
    assert pods(sb, "sso-user@staging", "-A").returncode == 0

    plan = ssomap(sb, "migrate", *STAGING, "--dry-run")
    assert plan.returncode == 0, plan.stderr
    assert f"-> access entry {PATHFUL_ADMIN_ROLE}" in plan.stdout
    assert "node role: EKS keeps its EC2 access entry" in plan.stdout
    assert PATHFUL_ADMIN_ROLE not in entry_arns(sb, "staging", "test-profile")

    done = ssomap(sb, "migrate", *STAGING, "--prune-configmap")
    assert done.returncode == 0, done.stderr
    assert PATHFUL_ADMIN_ROLE in entry_arns(sb, "staging", "test-profile")
    assert ADMIN_ROLE not in sb.aws_auth(cluster="staging")["mapRoles"]
    assert "eks-node-role" in sb.aws_auth(cluster="staging")["mapRoles"]
    still = pods(sb, "sso-user@staging", "-A")
    assert still.returncode == 0, still.stderr
