"""Discovery documents, a minimal OpenAPI v3 (enough for kubectl's fieldValidation check),
/version, and server-side Table rendering for `kubectl get`."""
import datetime
import hashlib

from . import kube_resources as kr

PATCH_KINDS = [r for r in kr.RESOURCES if "patch" in r.verbs]


def version(k8s_version):
    major, minor = (k8s_version.split(".") + ["0"])[:2]
    return {"major": major, "minor": minor, "gitVersion": "v%s.%s.0-eks-eksbox" % (major, minor),
            "gitCommit": "0" * 40, "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z",
            "goVersion": "go1.23.4", "compiler": "gc", "platform": "linux/amd64"}


def api_versions():
    return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
        {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:443"}]}


def api_group(group):
    gv = {"groupVersion": group + "/v1", "version": "v1"}
    return {"kind": "APIGroup", "apiVersion": "v1", "name": group, "versions": [gv],
            "preferredVersion": gv}


def api_groups():
    return {"kind": "APIGroupList", "apiVersion": "v1",
            "groups": [{k: v for k, v in api_group(g).items() if k not in ("kind", "apiVersion")}
                       for g in kr.GROUPS]}


def resource_list(group):
    resources = []
    for r in kr.BY_GROUP.get(group, {}).values():
        item = {"name": r.name, "singularName": r.singular, "namespaced": r.namespaced,
                "kind": r.kind, "verbs": list(r.verbs)}
        if r.short:
            item["shortNames"] = list(r.short)
        if r.categories:
            item["categories"] = list(r.categories)
        item["storageVersionHash"] = hashlib.sha256(r.name.encode()).hexdigest()[:11] + "="
        resources.append(item)
    return {"kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": (group + "/v1") if group else "v1", "resources": resources}


def _gv_path(group):
    return "apis/%s/v1" % group if group else "api/v1"


def openapi_root():
    paths = {}
    for group in [""] + kr.GROUPS:
        path = _gv_path(group)
        paths[path] = {"serverRelativeURL": "/openapi/v3/%s?hash=%s" % (
            path, hashlib.sha256(path.encode()).hexdigest()[:32].upper())}
    return {"paths": paths}


def openapi_gv(group):
    """PATCH operations carrying the fieldValidation query parameter, per kind."""
    paths = {}
    for r in PATCH_KINDS:
        if r.group != group:
            continue
        prefix = "/" + _gv_path(group)
        ns = "/namespaces/{namespace}" if r.namespaced else ""
        paths["%s%s/%s/{name}" % (prefix, ns, r.name)] = {"patch": {
            "operationId": "patch%s" % r.kind,
            "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                           for n in ("dryRun", "fieldManager", "fieldValidation", "force")],
            "responses": {"200": {"description": "OK"}},
            "x-kubernetes-action": "patch",
            "x-kubernetes-group-version-kind": {"group": r.group, "version": "v1",
                                                "kind": r.kind}}}
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"},
            "paths": paths, "components": {"schemas": {}}}


# ---- tables ------------------------------------------------------------------------------
def human_age(created):
    try:
        then = datetime.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        return "<unknown>"
    s = int((datetime.datetime.now(datetime.timezone.utc) - then).total_seconds())
    if s < -1:
        return "<invalid>"
    s = max(s, 0)
    m, h, d = s // 60, s // 3600, s // 86400
    if s < 120:
        return "%ds" % s
    if m < 10:
        return "%dm%ds" % (m, s % 60) if s % 60 else "%dm" % m
    if h < 3:
        return "%dm" % m
    if h < 8:
        return "%dh%dm" % (h, m % 60) if m % 60 else "%dh" % h
    if h < 48:
        return "%dh" % h
    if d < 8:
        return "%dd%dh" % (d, h % 24) if h % 24 else "%dd" % d
    if d < 365 * 2:
        return "%dd" % d
    return "%dy" % (d // 365)


def _col(name, kind="string", fmt="", priority=0):
    return {"name": name, "type": kind, "format": fmt, "description": name, "priority": priority}


def _row(resource, o):
    meta = o.get("metadata", {})
    age = human_age(meta.get("creationTimestamp"))
    if resource == "pods":
        st = o.get("status", {})
        cs = st.get("containerStatuses") or []
        ready = "%d/%d" % (sum(1 for c in cs if c.get("ready")), len(cs))
        return [meta["name"], ready, st.get("phase", "Pending"),
                sum(c.get("restartCount", 0) for c in cs), age,
                st.get("podIP", "<none>"), (o.get("spec") or {}).get("nodeName", "<none>")]
    if resource == "namespaces":
        return [meta["name"], (o.get("status") or {}).get("phase", "Active"), age]
    if resource == "configmaps":
        return [meta["name"], len(o.get("data") or {}) + len(o.get("binaryData") or {}), age]
    if resource in ("rolebindings", "clusterrolebindings"):
        subj = o.get("subjects") or []
        pick = lambda k: ", ".join(s["name"] for s in subj if s.get("kind") == k)  # noqa
        ref = o.get("roleRef") or {}
        return [meta["name"], "%s/%s" % (ref.get("kind"), ref.get("name")), age,
                pick("User"), pick("Group"), pick("ServiceAccount")]
    return [meta["name"], meta.get("creationTimestamp", "")]


COLUMNS = {
    "pods": [_col("Name", fmt="name"), _col("Ready"), _col("Status"),
             _col("Restarts", "integer"), _col("Age"), _col("IP", priority=1),
             _col("Node", priority=1)],
    "namespaces": [_col("Name", fmt="name"), _col("Status"), _col("Age")],
    "configmaps": [_col("Name", fmt="name"), _col("Data", "integer"), _col("Age")],
    "rolebindings": [_col("Name", fmt="name"), _col("Role"), _col("Age"),
                     _col("Users", priority=1), _col("Groups", priority=1),
                     _col("ServiceAccounts", priority=1)],
}
COLUMNS["clusterrolebindings"] = COLUMNS["rolebindings"]


def table(resource, items, rv):
    cols = COLUMNS.get(resource, [_col("Name", fmt="name"), _col("Created At", "date")])
    rows = []
    for o in items:
        meta = dict(o.get("metadata", {}))
        rows.append({"cells": _row(resource, o), "object": {
            "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta}})
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": rv},
            "columnDefinitions": cols, "rows": rows}
