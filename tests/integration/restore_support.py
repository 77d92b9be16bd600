"""Helpers for the restore and backup tests: a private backup root per test, kubeconfigs whose
contexts share a name across clusters, and the backup files of one cluster."""
import glob
import json
import os

import yaml

from cluster_support import plugin_env, ssomap


def backup_env(sandbox, root, **extra):
    return plugin_env(sandbox, KUBECTL_SSOMAP_BACKUP_DIR=str(root), **extra)


def kubeconfig_with_context(sandbox, path, source_context, name):
    """A kubeconfig file holding only `source_context`, renamed `name` and current."""
    with open(sandbox.env["KUBECONFIG"]) as f:
        doc = yaml.safe_load(f)
    ctx = next(c for c in doc["contexts"] if c["name"] == source_context)
    cluster = next(c for c in doc["clusters"] if c["name"] == ctx["context"]["cluster"])
    user = next(u for u in doc["users"] if u["name"] == ctx["context"]["user"])
    out = {"apiVersion": "v1", "kind": "Config", "clusters": [cluster], "users": [user],
           "contexts": [{"name": name, "context": dict(ctx["context"])}],
           "current-context": name}
    with open(path, "w") as f:
        yaml.safe_dump(out, f)
    return str(path)


def backup_files(root):
    """Every backup file under `root`, as {path: parsed JSON}."""
    return {p: json.load(open(p)) for p in glob.glob(os.path.join(str(root), "clusters", "*",
                                                                  "*.json"))}


def cluster_dirs(root):
    return sorted(glob.glob(os.path.join(str(root), "clusters", "*")))


def listing(sandbox, env, *args):
    r = ssomap(sandbox, *args, "restore", "-o", "json", env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def live_uid(sandbox, cluster=None):
    return sandbox.get_configmap(cluster=cluster)["metadata"]["uid"]
