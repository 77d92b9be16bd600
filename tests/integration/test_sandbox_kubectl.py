"""Fidelity: real kubectl against the sandbox API server with the admin context."""
import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
import ssl

import pytest
import yaml
from conftest import KUBECTL

NOBODY = "nobody-token-7f3a"


def cm_manifest(name, data, namespace="default"):
    return yaml.safe_dump({"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": name, "namespace": namespace}, "data": data})


def test_get_pods_all_namespaces(sandbox):
    r = sandbox.kubectl("get", "pods", "-A")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    rows = {(l.split()[0], l.split()[1]) for l in lines[1:]}
    assert ("dev", "web-5d8f7c9b6-abcde") in rows
    assert ("kube-system", "coredns-6b9f8c7d4-x2kq9") in rows
    assert len(rows) == 6


def test_get_aws_auth_yaml_is_the_seeded_text(sandbox, clean_aws_auth):
    r = sandbox.kubectl("get", "cm", "aws-auth", "-n", "kube-system", "-o", "yaml")
    assert r.returncode == 0, r.stderr
    obj = yaml.safe_load(r.stdout)
    assert obj["kind"] == "ConfigMap" and obj["metadata"]["namespace"] == "kube-system"
    seeded = sandbox.world.cluster("dev")["aws_auth"]
    assert obj["data"] == seeded
    assert "# Node role: never drop this entry" in obj["data"]["mapRoles"]
    assert obj["metadata"]["resourceVersion"].isdigit()


def test_not_found_text(sandbox):
    r = sandbox.kubectl("get", "cm", "does-not-exist")
    assert r.returncode == 1
    assert r.stderr.strip() == 'Error from server (NotFound): configmaps "does-not-exist" not found'
    r = sandbox.kubectl("get", "role", "nope", "-n", "dev")
    assert r.stderr.strip() == ('Error from server (NotFound): roles.rbac.authorization.k8s.io '
                                '"nope" not found')


def test_forbidden_text(sandbox):
    sandbox.add_token(NOBODY, "nobody")
    r = sandbox.kubectl("--token", NOBODY, "get", "pods", "-n", "dev")
    assert r.returncode == 1
    assert r.stderr.strip() == ('Error from server (Forbidden): pods is forbidden: User "nobody" '
                                'cannot list resource "pods" in API group "" in the namespace '
                                '"dev"')
    r = sandbox.kubectl("--token", NOBODY, "get", "cm", "aws-auth", "-n", "kube-system")
    assert r.stderr.strip() == ('Error from server (Forbidden): configmaps "aws-auth" is '
                                'forbidden: User "nobody" cannot get resource "configmaps" in '
                                'API group "" in the namespace "kube-system"')


def test_bad_token_is_unauthorized(sandbox):
    r = sandbox.kubectl("--token", "not-a-known-token", "get", "pods")
    assert r.returncode == 1
    assert "error: You must be logged in to the server (Unauthorized)" in r.stderr


def test_client_certificate_context(sandbox):
    r = sandbox.kubectl("auth", "whoami", "-o", "json", context="admin-cert")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)["status"]["userInfo"]
    assert info["username"] == "kubernetes-admin"
    assert "system:masters" in info["groups"]


def test_apply_creates_then_configures(sandbox):
    r = sandbox.kubectl("apply", "-f", "-", input=cm_manifest("applied", {"a": "1"}))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "configmap/applied created"
    r = sandbox.kubectl("apply", "-f", "-", input=cm_manifest("applied", {"b": "2"}))
    assert r.stdout.strip() == "configmap/applied configured", r.stderr
    obj = sandbox.get_configmap("applied", "default")
    assert obj["data"] == {"b": "2"}          # the key dropped from the manifest is removed
    assert "kubectl.kubernetes.io/last-applied-configuration" in obj["metadata"]["annotations"]
    r = sandbox.kubectl("apply", "-f", "-", input=cm_manifest("applied", {"b": "2"}))
    assert r.stdout.strip() == "configmap/applied unchanged"
    sandbox.kubectl("delete", "cm", "applied")


def test_apply_server_dry_run_writes_nothing(sandbox):
    before = sandbox.get_configmap("aws-auth", "kube-system")
    r = sandbox.kubectl("apply", "--dry-run=server", "-f", "-",
                        input=cm_manifest("aws-auth", {"mapRoles": "[]\n"}, "kube-system"))
    assert r.returncode == 0, r.stderr
    assert "(server dry run)" in r.stdout
    after = sandbox.get_configmap("aws-auth", "kube-system")
    assert after["data"] == before["data"]
    assert after["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"]


def test_create_role_and_rolebinding(sandbox):
    r = sandbox.kubectl("create", "role", "fid-reader", "--verb=get,list,watch",
                        "--resource=pods,configmaps", "-n", "dev")
    assert r.stdout.strip() == "role.rbac.authorization.k8s.io/fid-reader created", r.stderr
    r = sandbox.kubectl("create", "rolebinding", "fid-readers", "--role=fid-reader",
                        "--group=fid-group", "--user=fid-user", "-n", "dev")
    assert r.stdout.strip() == "rolebinding.rbac.authorization.k8s.io/fid-readers created", \
        r.stderr
    role = json.loads(sandbox.kubectl("get", "role", "fid-reader", "-n", "dev", "-o",
                                      "json").stdout)
    assert role["rules"] == [{"apiGroups": [""], "resources": ["pods", "configmaps"],
                              "verbs": ["get", "list", "watch"]}]
    rb = json.loads(sandbox.kubectl("get", "rolebinding", "fid-readers", "-n", "dev", "-o",
                                    "json").stdout)
    assert rb["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                             "name": "fid-reader"}
    assert {(s["kind"], s["name"]) for s in rb["subjects"]} == {("Group", "fid-group"),
                                                                ("User", "fid-user")}
    r = sandbox.kubectl("create", "role", "fid-reader", "--verb=get", "--resource=pods",
                        "-n", "dev")
    assert r.stderr.strip() == ('Error from server (AlreadyExists): '
                                'roles.rbac.authorization.k8s.io "fid-reader" already exists')
    for kind, name in (("rolebinding", "fid-readers"), ("role", "fid-reader")):
        sandbox.kubectl("delete", kind, name, "-n", "dev")


def test_auth_can_i(sandbox):
    r = sandbox.kubectl("auth", "can-i", "update", "configmaps", "-n", "kube-system")
    assert (r.returncode, r.stdout.strip()) == (0, "yes")
    sandbox.kubectl("create", "role", "canI", "--verb=list", "--resource=pods", "-n", "dev")
    sandbox.kubectl("create", "rolebinding", "canI", "--role=canI", "--user=can-i-user",
                    "-n", "dev")
    sandbox.add_token("can-i-token", "can-i-user")
    r = sandbox.kubectl("--token", "can-i-token", "auth", "can-i", "list", "pods", "-n", "dev")
    assert (r.returncode, r.stdout.strip()) == (0, "yes")
    r = sandbox.kubectl("--token", "can-i-token", "auth", "can-i", "list", "pods", "-n", "prod")
    assert (r.returncode, r.stdout.strip()) == (1, "no")
    r = sandbox.kubectl("--token", "can-i-token", "auth", "can-i", "delete", "pods", "-n", "dev")
    assert (r.returncode, r.stdout.strip()) == (1, "no")
    sandbox.kubectl("delete", "rolebinding", "canI", "-n", "dev")
    sandbox.kubectl("delete", "role", "canI", "-n", "dev")


def test_create_twice_is_already_exists(sandbox):
    assert sandbox.kubectl("create", "cm", "twice").returncode == 0
    r = sandbox.kubectl("create", "cm", "twice")
    assert r.stderr.strip() == ('error: failed to create configmap: configmaps "twice" already '
                                'exists')
    sandbox.kubectl("delete", "cm", "twice")


def test_replace_with_stale_resource_version_conflicts(sandbox):
    sandbox.kubectl("create", "cm", "stale", "--from-literal=k=v1")
    stale = sandbox.kubectl("get", "cm", "stale", "-o", "yaml").stdout
    r = sandbox.kubectl("patch", "cm", "stale", "--type=merge", "-p", '{"data":{"k":"v2"}}')
    assert r.returncode == 0, r.stderr
    r = sandbox.kubectl("replace", "-f", "-", input=stale.replace("k: v1", "k: v3"))
    assert r.returncode == 1
    assert ('Operation cannot be fulfilled on configmaps "stale": the object has been modified;'
            ' please apply your changes to the latest version and try again') in r.stderr
    assert r.stderr.startswith("Error from server (Conflict)")
    assert sandbox.get_configmap("stale", "default")["data"] == {"k": "v2"}
    sandbox.kubectl("delete", "cm", "stale")


def test_patch_types(sandbox):
    sandbox.kubectl("create", "cm", "patched", "--from-literal=a=1", "--from-literal=b=2")
    r = sandbox.kubectl("patch", "cm", "patched", "--type=json",
                        "-p", '[{"op":"remove","path":"/data/a"},'
                              '{"op":"add","path":"/data/c","value":"3"}]')
    assert r.returncode == 0, r.stderr
    r = sandbox.kubectl("patch", "cm", "patched", "-p", '{"data":{"b":null,"d":"4"}}')
    assert r.returncode == 0, r.stderr     # strategic merge patch, kubectl's default
    assert sandbox.get_configmap("patched", "default")["data"] == {"c": "3", "d": "4"}
    r = sandbox.kubectl("patch", "cm", "patched", "--type=json",
                        "-p", '[{"op":"test","path":"/data/c","value":"nope"}]')
    assert r.returncode == 1
    assert r.stderr.startswith("The request is invalid: testing value /data/c failed"), r.stderr
    assert sandbox.get_configmap("patched", "default")["data"] == {"c": "3", "d": "4"}
    sandbox.kubectl("delete", "cm", "patched")


def test_invalid_configmap_key(sandbox):
    r = sandbox.kubectl("apply", "-f", "-", input=cm_manifest("badkey", {"bad key": "1"}))
    assert r.returncode == 1
    assert ('The ConfigMap "badkey" is invalid: data[bad key]: Invalid value: "bad key": a valid'
            ' config key must consist of alphanumeric characters') in r.stderr
    assert sandbox.get_configmap("badkey", "default") is None


def _admin_request(sandbox, method, path, body=None, content_type="application/json"):
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    req = urllib.request.Request(sandbox.cluster().state.endpoint + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + sandbox.sb.admin_token,
                                          "Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_concurrent_writers_lose_nothing(sandbox):
    sandbox.kubectl("create", "cm", "counter", "--from-literal=n=0")
    path = "/api/v1/namespaces/default/configmaps/counter"
    conflicts = []
    first_read = threading.Barrier(8)     # all read version 1, so 7 of 8 writes must conflict

    def bump(times):
        done, first = 0, True
        while done < times:
            _, obj = _admin_request(sandbox, "GET", path)
            if first:
                first_read.wait(timeout=30)
                first = False
            obj["data"]["n"] = str(int(obj["data"]["n"]) + 1)
            code, body = _admin_request(sandbox, "PUT", path, obj)
            if code == 409:
                assert body["reason"] == "Conflict" and body["details"]["kind"] == "configmaps"
                conflicts.append(1)
                continue
            assert code == 200, body
            done += 1
    threads = [threading.Thread(target=bump, args=(5,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sandbox.get_configmap("counter", "default")["data"]["n"] == "40"
    assert len(conflicts) >= 7
    sandbox.kubectl("delete", "cm", "counter")


def test_status_objects_are_real(sandbox):
    code, body = _admin_request(sandbox, "GET", "/api/v1/namespaces/default/configmaps/zz")
    assert code == 404
    assert body == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": 'configmaps "zz" not found', "reason": "NotFound",
                    "details": {"name": "zz", "kind": "configmaps"}, "code": 404}
    code, body = _admin_request(sandbox, "POST", "/api/v1/namespaces/nonexistent/configmaps",
                                {"metadata": {"name": "x"}})
    assert (code, body["message"]) == (404, 'namespaces "nonexistent" not found')


def test_edit(sandbox, clean_aws_auth):
    env = dict(sandbox.env, EDITOR="sed -i s/ci-deployers/ci-editors/")
    r = sandbox.kubectl("edit", "cm", "aws-auth", "-n", "kube-system", env=env)
    assert r.stdout.strip() == "configmap/aws-auth edited", r.stderr
    users = sandbox.aws_auth()["mapUsers"]
    assert "- ci-editors" in users and "# CI deploys with a static IAM user" in users


def test_describe_and_watch(sandbox):
    r = sandbox.kubectl("describe", "cm", "aws-auth", "-n", "kube-system")
    assert r.returncode == 0, r.stderr
    assert "Events:  <none>" in r.stdout and "mapRoles:" in r.stdout
    watches = sandbox.cluster().watches
    watcher = subprocess.Popen([KUBECTL, "--context", "admin", "get", "cm", "-n", "dev", "-w",
                                "--request-timeout=60s", "-o", "name"], env=sandbox.env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while sandbox.cluster().watches == watches and time.monotonic() < deadline:
            time.sleep(0.1)     # until kubectl's watch request is being served
        sandbox.kubectl("create", "cm", "watched", "-n", "dev")
        sandbox.kubectl("patch", "cm", "watched", "-n", "dev", "-p", '{"data":{"a":"1"}}')
        lines = [watcher.stdout.readline().strip() for _ in range(2)]
        assert lines == ["configmap/watched", "configmap/watched"]
    finally:
        watcher.kill()
        watcher.communicate()
    sandbox.kubectl("delete", "cm", "watched", "-n", "dev")


def test_dry_run_all_and_unsupported_patch(sandbox):
    sandbox.kubectl("create", "cm", "dry", "--from-literal=a=1")
    path = "/api/v1/namespaces/default/configmaps/dry"
    _, obj = _admin_request(sandbox, "GET", path)
    obj["data"] = {"a": "2"}
    code, out = _admin_request(sandbox, "PUT", path + "?dryRun=All", obj)
    assert (code, out["data"]) == (200, {"a": "2"})
    code, out = _admin_request(sandbox, "DELETE", path + "?dryRun=All")
    assert (code, out["status"]) == (200, "Success")
    code, out = _admin_request(sandbox, "POST", "/api/v1/namespaces/default/configmaps"
                               "?dryRun=All", {"metadata": {"name": "dry2"}})
    assert code == 201
    assert sandbox.get_configmap("dry", "default")["data"] == {"a": "1"}
    assert sandbox.get_configmap("dry", "default")["metadata"]["resourceVersion"] == \
        obj["metadata"]["resourceVersion"]
    assert sandbox.get_configmap("dry2", "default") is None
    code, out = _admin_request(sandbox, "PUT", path + "?dryRun=Some", obj)
    assert (code, out["reason"]) == (422, "Invalid")
    code, out = _admin_request(sandbox, "PATCH", path, {"data": {}},
                               content_type="application/xml-patch")
    assert (code, out["reason"]) == (415, "UnsupportedMediaType")
    sandbox.kubectl("delete", "cm", "dry")


def test_anonymous_is_forbidden_not_unauthorized(sandbox):
    ctx = ssl.create_default_context(cafile=sandbox.env["AWS_CA_BUNDLE"])
    req = urllib.request.Request(sandbox.cluster().state.endpoint + "/api/v1/pods")
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, context=ctx, timeout=30)
    body = json.loads(exc.value.read())
    assert (exc.value.code, body["message"]) == (
        403, 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API '
             'group "" at the cluster scope')


def test_reset_restores_the_seed(fresh_sandbox):
    sandbox = fresh_sandbox
    seeded = sandbox.get_configmap()
    sandbox.kubectl("create", "ns", "scratch")
    sandbox.put_configmap({"mapRoles": "[]"})
    sandbox.add_token("temp-token", "temp")
    sandbox.cluster("staging").state.mode = "API"
    sandbox.reset()
    assert sandbox.get_configmap()["data"] == seeded["data"]
    assert sandbox.cluster().store.get("namespaces", "", "scratch") is None
    assert "temp-token" not in sandbox.cluster().tokens
    assert sandbox.cluster("staging").state.mode == "API_AND_CONFIG_MAP"
    assert sandbox.kubectl("get", "ns", "dev").returncode == 0


def test_resource_names_and_cluster_roles(sandbox):
    sandbox.add_token("rn-token", "rn-user", ["rn-group"])
    sandbox.kubectl("create", "role", "only-aws-auth", "--verb=get", "--resource=configmaps",
                    "--resource-name=aws-auth", "-n", "kube-system")
    sandbox.kubectl("create", "rolebinding", "only-aws-auth", "--role=only-aws-auth",
                    "--user=rn-user", "-n", "kube-system")
    r = sandbox.kubectl("create", "clusterrole", "ns-reader", "--verb=get,list",
                        "--resource=namespaces")
    assert r.stdout.strip() == "clusterrole.rbac.authorization.k8s.io/ns-reader created", r.stderr
    r = sandbox.kubectl("create", "clusterrolebinding", "ns-reader", "--clusterrole=ns-reader",
                        "--group=rn-group")
    assert r.returncode == 0, r.stderr
    try:
        as_user = ("--token", "rn-token")
        assert sandbox.kubectl(*as_user, "get", "cm", "aws-auth", "-n",
                               "kube-system").returncode == 0
        r = sandbox.kubectl(*as_user, "get", "cm", "-n", "kube-system")
        assert "cannot list resource \"configmaps\"" in r.stderr
        r = sandbox.kubectl(*as_user, "get", "ns", "-o", "name")
        assert "namespace/dev" in r.stdout.split(), r.stderr
        r = sandbox.kubectl(*as_user, "delete", "ns", "dev")
        assert r.stderr.strip() == ('Error from server (Forbidden): namespaces "dev" is forbidden:'
                                    ' User "rn-user" cannot delete resource "namespaces" in API '
                                    'group "" at the cluster scope')
    finally:
        sandbox.kubectl("delete", "clusterrolebinding", "ns-reader")
        sandbox.kubectl("delete", "clusterrole", "ns-reader")
        sandbox.kubectl("delete", "rolebinding", "only-aws-auth", "-n", "kube-system")
        sandbox.kubectl("delete", "role", "only-aws-auth", "-n", "kube-system")


def test_rbac_escalation_is_prevented(fresh_sandbox):
    sandbox = fresh_sandbox
    sandbox.add_token("esc-token", "esc-user")
    sandbox.kubectl("create", "role", "rbac-manager", "--verb=create,get",
                    "--resource=roles.rbac.authorization.k8s.io,"
                    "rolebindings.rbac.authorization.k8s.io,pods", "-n", "dev")
    sandbox.kubectl("create", "rolebinding", "rbac-manager", "--role=rbac-manager",
                    "--user=esc-user", "-n", "dev")
    as_user = ("--token", "esc-token", "-n", "dev")
    r = sandbox.kubectl(*as_user, "create", "role", "ok", "--verb=get", "--resource=pods")
    assert r.returncode == 0, r.stderr
    r = sandbox.kubectl(*as_user, "create", "role", "too-much", "--verb=get,delete",
                        "--resource=pods")
    assert r.returncode == 1
    assert r.stderr.strip() == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "too-much" is forbidden: '
        'user "esc-user" (groups=["system:authenticated"]) is attempting to grant RBAC '
        'permissions not currently held:\n{APIGroups:[""], Resources:["pods"], '
        'Verbs:["delete"]}')
    r = sandbox.kubectl(*as_user, "create", "rolebinding", "to-ok", "--role=ok",
                        "--user=someone")
    assert r.returncode == 0, r.stderr
    r = sandbox.kubectl(*as_user, "create", "rolebinding", "to-admin",
                        "--clusterrole=cluster-admin", "--user=someone")
    assert r.returncode == 1 and "is attempting to grant RBAC permissions" in r.stderr


def test_server_side_apply_drops_what_the_manager_stopped_setting(sandbox):
    first = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  labels: {a: b}\n" \
            "data:\n  a: '1'\n"
    r = sandbox.kubectl("apply", "--server-side", "-f", "-", input=first)
    assert r.stdout.strip() == "configmap/ssa serverside-applied", r.stderr
    sandbox.kubectl("patch", "cm", "ssa", "-p", '{"data":{"other":"x"}}')
    r = sandbox.kubectl("apply", "--server-side", "-f", "-",
                        input="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n"
                              "data:\n  b: '2'\n")
    assert r.returncode == 0, r.stderr
    obj = sandbox.get_configmap("ssa", "default")
    assert obj["data"] == {"b": "2", "other": "x"}
    assert "labels" not in obj["metadata"]
    sandbox.kubectl("delete", "cm", "ssa")
