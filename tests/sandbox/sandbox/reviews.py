"""SelfSubjectReview, SelfSubjectAccessReview and SelfSubjectRulesReview: what `kubectl auth
whoami`, `kubectl auth can-i` and `kubectl auth can-i --list` ask."""
from . import kube_status as st
from . import rbac


def review(handler, res):
    """Answer a review for the user the handler authenticated."""
    body = handler._body() or {}
    spec = body.get("spec") or {}
    out = {"kind": res.kind, "apiVersion": res.api_version,
           "metadata": {"creationTimestamp": None}}
    if res.name == "selfsubjectreviews":
        out["status"] = {"userInfo": handler.user.to_dict()}
    elif res.name == "selfsubjectaccessreviews":
        ra, nra = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
        if ra:
            attrs = rbac.Attributes(ra.get("verb", ""), ra.get("resource", ""),
                                    ra.get("group", ""), ra.get("namespace", ""),
                                    ra.get("name", ""), ra.get("subresource", ""))
        elif nra:
            attrs = rbac.Attributes(nra.get("verb", ""), path=nra.get("path", ""))
        else:
            raise st.KubeError(st.invalid(res.kind, res.group, "", [(
                "FieldValueRequired", "spec.resourceAttributes", "Required value: exactly "
                "one of nonResourceAttributes or resourceAttributes must be specified")]))
        allowed, reason = rbac.authorize(handler.kc.store, handler.user, attrs)
        out["spec"] = spec
        out["status"] = {"allowed": allowed}
        if reason:
            out["status"]["reason"] = reason
    else:
        ns = spec.get("namespace", "")
        rules = rbac.rules_for(handler.kc.store, handler.user, ns)
        if "system:masters" in handler.user.groups:
            rules = [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                     {"nonResourceURLs": ["*"], "verbs": ["*"]}] + rules
        out["spec"] = spec
        out["status"] = {
            "resourceRules": [{k: r[k] for k in ("verbs", "apiGroups", "resources",
                                                 "resourceNames") if r.get(k)}
                              for r in rules if not r.get("nonResourceURLs")],
            "nonResourceRules": [{"verbs": r["verbs"], "nonResourceURLs":
                                  r["nonResourceURLs"]} for r in rules
                                 if r.get("nonResourceURLs")],
            "incomplete": False}
    handler.send_json(201, out)
