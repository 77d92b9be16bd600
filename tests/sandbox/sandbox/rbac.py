"""Authorization: system:masters, EKS access policies, then RBAC (Roles and ClusterRoles bound
to Users and Groups), as the API server's authorizer chain decides."""
import dataclasses
import re

RBAC = "rbac.authorization.k8s.io"
READ = ["get", "list", "watch"]
WRITE = READ + ["create", "update", "patch", "delete", "deletecollection"]
RBAC_RESOURCES = ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]

# EKS managed access policies, approximated by the Kubernetes user-facing roles they mirror.
POLICY_RULES = {
    "AmazonEKSClusterAdminPolicy": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                                    {"nonResourceURLs": ["*"], "verbs": ["*"]}],
    "AmazonEKSAdminPolicy": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}],
    "AmazonEKSEditPolicy": [{"apiGroups": [""], "resources": ["pods", "configmaps"],
                             "verbs": WRITE}, {"apiGroups": [""], "resources": ["namespaces"],
                                               "verbs": READ}],
    "AmazonEKSViewPolicy": [{"apiGroups": [""], "resources": ["pods", "configmaps",
                                                               "namespaces"], "verbs": READ}],
    "AmazonEKSAdminViewPolicy": [{"apiGroups": ["*"], "resources": ["*"], "verbs": READ}],
}


@dataclasses.dataclass
class Attributes:
    verb: str
    resource: str = ""
    group: str = ""
    namespace: str = ""
    name: str = ""
    subresource: str = ""
    path: str = ""              # for non-resource requests

    @property
    def is_resource(self):
        return bool(self.resource)


def _has(values, want):
    return "*" in values or want in values


def rule_allows(rule, a):
    if not _has(rule.get("verbs") or [], a.verb):
        return False
    if not a.is_resource:
        for url in rule.get("nonResourceURLs") or []:
            if url == a.path or url == "*" or (url.endswith("*") and a.path.startswith(url[:-1])):
                return True
        return False
    if not _has(rule.get("apiGroups") or [], a.group):
        return False
    full = a.resource + ("/" + a.subresource if a.subresource else "")
    resources = rule.get("resources") or []
    if not ("*" in resources or full in resources or
            (a.subresource and a.resource + "/*" in resources) or
            (not a.subresource and a.resource in resources) or
            (a.subresource and "*/" + a.subresource in resources)):
        return False
    names = rule.get("resourceNames") or []
    return not names or a.name in names


def subject_matches(subject, user):
    kind, name = subject.get("kind"), subject.get("name")
    if kind == "User":
        return name == user.name
    if kind == "Group":
        return name in user.groups
    if kind == "ServiceAccount":
        return user.name == "system:serviceaccount:%s:%s" % (subject.get("namespace", ""), name)
    return False


def _role_rules(store, ref, namespace):
    if ref.get("kind") == "ClusterRole":
        role = store.get("clusterroles", "", ref.get("name", ""))
    else:
        role = store.get("roles", namespace, ref.get("name", ""))
    return (role or {}).get("rules") or []


def rules_for(store, user, namespace):
    """Every rule that applies to the user in a namespace ('' = cluster scope only)."""
    rules = []
    for binding in store.list("clusterrolebindings")[0]:
        if any(subject_matches(s, user) for s in binding.get("subjects") or []):
            rules += _role_rules(store, binding.get("roleRef") or {}, "")
    if namespace:
        for binding in store.list("rolebindings", namespace)[0]:
            if any(subject_matches(s, user) for s in binding.get("subjects") or []):
                rules += _role_rules(store, binding.get("roleRef") or {}, namespace)
    return rules


def namespace_matches(pattern, namespace):
    """An access scope's namespace is a pattern: `*` matches any run of characters (EKSUG
    access-policies, "dev-*"); nothing else is special."""
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), namespace) \
        is not None


def _policy_rules(user, namespace):
    rules = []
    for assoc in user.policies:
        name = assoc["policyArn"].rsplit("/", 1)[-1]
        scope = assoc.get("accessScope") or {}
        if scope.get("type") == "namespace" and not any(
                namespace_matches(pattern, namespace) for pattern in scope.get("namespaces") or []):
            continue
        rules += POLICY_RULES.get(name, [])
    return rules


def authorize(store, user, a):
    """(allowed, reason)."""
    if "system:masters" in user.groups:
        return True, ""
    for rule in _policy_rules(user, a.namespace):
        if rule_allows(rule, a):
            return True, "EKS access policy"
    for rule in rules_for(store, user, a.namespace):
        if rule_allows(rule, a):
            return True, "RBAC: allowed"
    return False, ""


# The rules of Kubernetes' `view` ClusterRole as a cluster stores them once aggregated (kubernetes
# plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, "system:aggregate-to-view",
# v1.32): read-only on the core and workload groups; never Secrets.
_VIEW_GROUPS = [
    ([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status",
            "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts",
            "services", "services/status"]),
    ([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
            "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
    ([""], ["namespaces"]),
    (["discovery.k8s.io"], ["endpointslices"]),
    (["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
                "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
    (["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
    (["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
    (["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                      "deployments/status", "ingresses", "ingresses/status", "networkpolicies",
                      "replicasets", "replicasets/scale", "replicasets/status",
                      "replicationcontrollers/scale"]),
    (["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
    (["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
]
VIEW_RULES = [{"apiGroups": g, "resources": r, "verbs": ["get", "list", "watch"]}
              for g, r in _VIEW_GROUPS]


def default_objects():
    """The bootstrap ClusterRoles and ClusterRoleBindings every cluster starts with."""
    def role(name, rules):
        return {"metadata": {"name": name, "labels": {
            "kubernetes.io/bootstrapping": "rbac-defaults"}}, "rules": rules}

    def binding(name, role_name, groups):
        return {"metadata": {"name": name, "labels": {
            "kubernetes.io/bootstrapping": "rbac-defaults"}},
            "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": role_name},
            "subjects": [{"apiGroup": RBAC, "kind": "Group", "name": g} for g in groups]}
    roles = [
        role("cluster-admin", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                               {"nonResourceURLs": ["*"], "verbs": ["*"]}]),
        role("admin", [{"apiGroups": ["", RBAC], "resources": ["pods", "configmaps", "roles",
                                                               "rolebindings"], "verbs": WRITE}]),
        role("edit", [{"apiGroups": [""], "resources": ["pods", "configmaps"], "verbs": WRITE}]),
        dict(role("view", VIEW_RULES), aggregationRule={"clusterRoleSelectors": [
            {"matchLabels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}}]}),
        role("system:discovery", [{"nonResourceURLs": [
            "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
            "/openapi/*", "/readyz", "/version", "/version/"], "verbs": ["get"]}]),
        role("system:basic-user", [
            {"apiGroups": ["authorization.k8s.io"], "verbs": ["create"],
             "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]},
            {"apiGroups": ["authentication.k8s.io"], "verbs": ["create"],
             "resources": ["selfsubjectreviews"]}]),
        role("system:public-info-viewer", [{"nonResourceURLs": [
            "/healthz", "/livez", "/readyz", "/version", "/version/"], "verbs": ["get"]}]),
    ]
    bindings = [
        binding("cluster-admin", "cluster-admin", ["system:masters"]),
        binding("system:discovery", "system:discovery", ["system:authenticated"]),
        binding("system:basic-user", "system:basic-user", ["system:authenticated"]),
        binding("system:public-info-viewer", "system:public-info-viewer",
                ["system:authenticated", "system:unauthenticated"]),
    ]
    return roles, bindings


# ---- escalation prevention (pkg/registry/rbac/validation ConfirmNoEscalation) -------------
def _uncovered(owned, rule):
    """The single-permission pieces of a rule that no owned rule allows (a breakdown)."""
    verbs = rule.get("verbs") or []
    if rule.get("nonResourceURLs"):
        return [{"nonResourceURLs": [u], "verbs": [v]} for u in rule["nonResourceURLs"]
                for v in verbs
                if not any(rule_allows(o, Attributes(verb=v, path=u)) for o in owned)]
    missing = []
    for group in rule.get("apiGroups") or []:
        for res in rule.get("resources") or []:
            base, _, sub = res.partition("/")
            for n in rule.get("resourceNames") or [""]:
                for v in verbs:
                    a = Attributes(v, base, group, "", n, sub)
                    if not any(_owned_allows(o, a) for o in owned):
                        piece = {"apiGroups": [group], "resources": [res], "verbs": [v]}
                        if n:
                            piece["resourceNames"] = [n]
                        missing.append(piece)
    return missing


def _compact(pieces):
    """CompactRules: pieces for the same group/resource/name merge their verbs."""
    merged = {}
    for p in pieces:
        key = (tuple(p.get("apiGroups", [])), tuple(p.get("resources", [])),
               tuple(p.get("resourceNames", [])), tuple(p.get("nonResourceURLs", [])))
        if key in merged:
            merged[key]["verbs"] += [v for v in p["verbs"] if v not in merged[key]["verbs"]]
        else:
            merged[key] = dict(p, verbs=list(p["verbs"]))
    return list(merged.values())


def _owned_allows(rule, a):
    # '*' in the requested rule must be matched by '*' in an owned rule
    return rule_allows(rule, a) and all(
        x != "*" or "*" in (rule.get(k) or []) for x, k in
        ((a.verb, "verbs"), (a.group, "apiGroups"), (a.resource, "resources")))


def _format(rule):
    if rule.get("nonResourceURLs"):
        return "{NonResourceURLs:[%s], Verbs:[%s]}" % (
            " ".join('"%s"' % u for u in rule["nonResourceURLs"]),
            " ".join('"%s"' % v for v in rule.get("verbs") or []))
    text = "{APIGroups:[%s], Resources:[%s]" % (
        " ".join('"%s"' % g for g in rule.get("apiGroups") or []),
        " ".join('"%s"' % r for r in rule.get("resources") or []))
    if rule.get("resourceNames"):
        text += ", ResourceNames:[%s]" % " ".join('"%s"' % n for n in rule["resourceNames"])
    return text + ", Verbs:[%s]}" % " ".join('"%s"' % v for v in rule.get("verbs") or [])


def escalation(store, user, namespace, rules):
    """None, or the Forbidden message tail for rules the user may not grant."""
    if "system:masters" in user.groups:
        return None
    owned = rules_for(store, user, namespace) + _policy_rules(user, namespace)
    missing = _compact([p for r in rules for p in _uncovered(owned, r)])
    if not missing:
        return None
    return ('user "%s" (groups=[%s]) is attempting to grant RBAC permissions not currently '
            'held:\n%s' % (user.name, " ".join('"%s"' % g for g in user.groups),
                           "\n".join(sorted(_format(r) for r in missing))))
