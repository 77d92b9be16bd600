"""Impersonation is honoured (issue 11 §8): a kubeconfig user's `as`, `as-groups`, `as-uid`,
`as-user-extra` and the `--as`, `--as-group`, `--as-uid` flags reach the API server as the
Impersonate-* headers real kubectl sends, and the sandbox checks them with RBAC."""
import pytest
import yaml

from cluster_support import ADMIN_ROLE, assert_one_line_error, role_entries, ssomap, plugin_env

IMPERSONATOR = """
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: test-impersonator}
rules:
- apiGroups: [""]
  resources: [users, groups]
  verbs: [impersonate]
- apiGroups: [authentication.k8s.io]
  resources: [uids]
  verbs: [impersonate]
  resourceNames: [uid-allowed]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: test-impersonator}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: test-impersonator}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}
"""


@pytest.fixture
def carol(clean_aws_auth, tmp_path):
    """A kubeconfig whose user `carol` (a static token, no admin rights of her own) may
    impersonate users, groups and one uid, but no user extras."""
    sandbox = clean_aws_auth
    sandbox.add_token("carol-token-0001", "carol", ["devs"])
    assert sandbox.kubectl("apply", "-f", "-", input=IMPERSONATOR).returncode == 0
    with open(sandbox.env["KUBECONFIG"]) as f:
        doc = yaml.safe_load(f)
    doc["users"] = [{"name": "carol", "user": {"token": "carol-token-0001"}}]
    doc["contexts"] = [{"name": "carol", "context": {"cluster": doc["clusters"][0]["name"],
                                                    "user": "carol"}}]
    doc["current-context"] = "carol"
    path = tmp_path / "carol.yaml"

    def write(**user_fields):
        doc["users"][0]["user"] = dict({"token": "carol-token-0001"}, **user_fields)
        path.write_text(yaml.safe_dump(doc))
        return plugin_env(sandbox, KUBECONFIG=str(path), KUBECTL_SSOMAP_BACKUP_DIR=str(tmp_path))

    yield sandbox, write
    sandbox.kubectl("delete", "clusterrolebinding,clusterrole", "test-impersonator")


def kubectl_as(sandbox, env, *args):
    return sandbox.run(["kubectl", *args], env=env)


def test_kubeconfig_as_writes_as_the_impersonated_user(carol):
    """Regression: `as:` was ignored and the write happened as the un-impersonated identity."""
    sandbox, write = carol
    env = write()
    before = sandbox.aws_auth()
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", env=env)
    assert r.returncode != 0  # carol herself may not read aws-auth
    env = write(**{"as": "root-admin", "as-groups": ["system:masters"]})
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", env=env)
    assert r.returncode == 0, r.stderr
    assert role_entries(sandbox.aws_auth(), ADMIN_ROLE)
    # The admin context impersonating a nobody is refused, as kubectl is.
    sandbox.reset_aws_auth()
    admin_env = plugin_env(sandbox)
    r = ssomap(sandbox, "--as", "nobody", "add", "--arn", ADMIN_ROLE, "--admin", env=admin_env)
    k = sandbox.kubectl("--as", "nobody", "get", "configmap", "aws-auth", "-n", "kube-system")
    assert r.returncode != 0 and k.returncode != 0
    assert_one_line_error(r)
    assert 'User "nobody" cannot get resource "configmaps"' in r.stderr
    assert 'User "nobody" cannot get resource "configmaps"' in k.stderr
    assert sandbox.aws_auth() == before


@pytest.mark.parametrize("fields, flags, denied", [
    ({"as": "bob", "as-user-extra": {"scopes/Team X": ["a b", "c"]}}, [],
     'cannot impersonate resource "userextras/scopes/team x"'),
    ({"as": "bob", "as-uid": "uid-denied"}, [], 'cannot impersonate resource "uids"'),
    ({}, ["--as", "bob", "--as-uid", "uid-denied"], 'cannot impersonate resource "uids"'),
])
def test_each_impersonated_field_is_sent_and_checked_like_kubectl(carol, fields, flags, denied):
    sandbox, write = carol
    env = write(**fields)
    r = ssomap(sandbox, *flags, "list", env=env)
    k = kubectl_as(sandbox, env, *flags, "get", "configmap", "aws-auth", "-n", "kube-system")
    assert r.returncode != 0 and k.returncode != 0
    assert_one_line_error(r)
    assert denied in r.stderr, r.stderr
    assert denied in k.stderr, k.stderr


def test_allowed_impersonation_of_user_group_and_uid(carol):
    sandbox, write = carol
    env = write(**{"as": "bob", "as-uid": "uid-allowed"})
    r = ssomap(sandbox, "--as-group", "system:masters", "list", env=env)
    assert r.returncode == 0, r.stderr
    log = sandbox.cluster().auth_log
    assert any(line == "carol impersonates bob ['system:masters']" for line in log), log[-5:]


def test_groups_without_a_user_are_refused_as_kubectl_does(carol):
    sandbox, write = carol
    env = write()
    r = ssomap(sandbox, "--as-group", "system:masters", "list", env=env)
    k = kubectl_as(sandbox, env, "--as-group", "system:masters", "get", "cm")
    assert r.returncode != 0 and k.returncode != 0
    assert_one_line_error(r)
    assert "without impersonating a user" in r.stderr
    assert "without impersonating a user" in k.stderr
