"""The resource types the Kubernetes API server serves, and their validation."""
import dataclasses
import re

from . import kube_status as st

RBAC = "rbac.authorization.k8s.io"
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


@dataclasses.dataclass(frozen=True)
class Resource:
    name: str
    kind: str
    group: str
    namespaced: bool
    short: tuple = ()
    verbs: tuple = tuple(VERBS)
    fields: tuple = ()          # top-level fields besides apiVersion/kind/metadata
    create_on_update: bool = False
    categories: tuple = ()

    @property
    def version(self):
        return "v1"

    @property
    def api_version(self):
        return (self.group + "/v1") if self.group else "v1"

    @property
    def singular(self):
        return self.kind.lower()


RESOURCES = [
    Resource("namespaces", "Namespace", "", False, ("ns",),
             ("create", "delete", "get", "list", "patch", "update", "watch"), ("spec", "status")),
    Resource("pods", "Pod", "", True, ("po",), fields=("spec", "status"), categories=("all",)),
    Resource("events", "Event", "", True, ("ev",), fields=(
        "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp",
        "count", "type", "eventTime", "series", "action", "related", "reportingComponent",
        "reportingInstance")),
    Resource("configmaps", "ConfigMap", "", True, ("cm",),
             fields=("data", "binaryData", "immutable")),
    Resource("roles", "Role", RBAC, True, (), fields=("rules",), create_on_update=True),
    Resource("rolebindings", "RoleBinding", RBAC, True, (), fields=("subjects", "roleRef"),
             create_on_update=True),
    Resource("clusterroles", "ClusterRole", RBAC, False, (),
             fields=("rules", "aggregationRule"), create_on_update=True),
    Resource("clusterrolebindings", "ClusterRoleBinding", RBAC, False, (),
             fields=("subjects", "roleRef"), create_on_update=True),
    Resource("selfsubjectaccessreviews", "SelfSubjectAccessReview", "authorization.k8s.io",
             False, (), ("create",), ("spec", "status")),
    Resource("selfsubjectrulesreviews", "SelfSubjectRulesReview", "authorization.k8s.io",
             False, (), ("create",), ("spec", "status")),
    Resource("selfsubjectreviews", "SelfSubjectReview", "authentication.k8s.io", False, (),
             ("create",), ("status",)),
]
BY_GROUP = {}
for _r in RESOURCES:
    BY_GROUP.setdefault(_r.group, {})[_r.name] = _r
GROUPS = [g for g in BY_GROUP if g]


def lookup(group, name):
    return BY_GROUP.get(group, {}).get(name)


def _name_causes(res, obj):
    meta = obj.get("metadata") or {}
    name = meta.get("name") or ""
    if not name and meta.get("generateName"):
        return []
    if not name:
        return [("FieldValueRequired", "metadata.name",
                 "Required value: name or generateName is required")]
    if res.name == "namespaces":
        if not DNS1123_LABEL.match(name) or len(name) > 63:
            return [("FieldValueInvalid", "metadata.name", 'Invalid value: "%s": a lowercase '
                     "RFC 1123 label must consist of lower case alphanumeric characters or '-',"
                     " and must start and end with an alphanumeric character (e.g. 'my-name', "
                     " or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])"
                     "?')" % name)]
    elif res.group == RBAC:
        if "/" in name or "%" in name or name in (".", ".."):
            return [("FieldValueInvalid", "metadata.name", 'Invalid value: "%s": may not '
                     "contain '/'" % name)]
    elif not DNS1123_SUBDOMAIN.match(name) or len(name) > 253:
        return [("FieldValueInvalid", "metadata.name", 'Invalid value: "%s": a lowercase RFC '
                 "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                 " and must start and end with an alphanumeric character (e.g. 'example.com', "
                 "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0"
                 "-9]*[a-z0-9])?)*')" % name)]
    return []


def decode_check(res, obj, strict):
    """Errors the API server's decoder raises (400 BadRequest), as a message or None."""
    if not isinstance(obj, dict):
        return "cannot decode request body"
    prefix = '%s in version "v1" cannot be handled as a %s: ' % (res.kind, res.kind)
    if obj.get("kind") not in (None, res.kind):
        return prefix + "no kind \"%s\" is registered for version \"%s\"" % (
            obj.get("kind"), res.api_version)
    if res.name == "configmaps":
        for k, v in (obj.get("data") or {}).items():
            if not isinstance(v, str):
                return prefix + ("json: cannot unmarshal %s into Go struct field ConfigMap.data "
                                 "of type string" % {list: "array", dict: "object", bool: "bool",
                                                     int: "number", float: "number"}.get(
                                                         type(v), "value"))
    if strict:
        known = {"apiVersion", "kind", "metadata"} | set(res.fields)
        unknown = [k for k in obj if k not in known]
        if unknown:
            return prefix + "strict decoding error: " + ", ".join(
                'unknown field "%s"' % k for k in unknown)
    return None


def validate(res, obj, old=None):
    """field.ErrorList-style causes for 422 Invalid; [] when valid."""
    causes = _name_causes(res, obj)
    if res.name == "configmaps":
        for key in list((obj.get("data") or {})) + list((obj.get("binaryData") or {})):
            if not CONFIG_KEY.match(key):
                causes.append(("FieldValueInvalid", "data[%s]" % key, 'Invalid value: "%s": a '
                               "valid config key must consist of alphanumeric characters, '-', "
                               "'_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', "
                               "regex used for validation is '[-._a-zA-Z0-9]+')" % key))
        if old is not None and old.get("immutable") and obj.get("data") != old.get("data"):
            causes.append(("FieldValueForbidden", "data",
                           "Forbidden: field is immutable when `immutable` is set"))
    if res.kind in ("Role", "ClusterRole"):
        for i, rule in enumerate(obj.get("rules") or []):
            if not rule.get("verbs"):
                causes.append(("FieldValueRequired", "rules[%d].verbs" % i,
                               "Required value: verbs must contain at least one value"))
            if rule.get("resources") and not rule.get("apiGroups"):
                causes.append(("FieldValueRequired", "rules[%d].apiGroups" % i,
                               "Required value: resource rules must supply at least one api "
                               "group"))
    if res.kind in ("RoleBinding", "ClusterRoleBinding"):
        ref = obj.get("roleRef") or {}
        kinds = ("Role", "ClusterRole") if res.kind == "RoleBinding" else ("ClusterRole",)
        if ref.get("kind") not in kinds:
            causes.append(("FieldValueNotSupported", "roleRef.kind", 'Unsupported value: "%s": '
                           'supported values: %s' % (ref.get("kind", ""),
                                                     ", ".join('"%s"' % k for k in kinds))))
        if not ref.get("name"):
            causes.append(("FieldValueRequired", "roleRef.name", "Required value"))
        for i, s in enumerate(obj.get("subjects") or []):
            if s.get("kind") in ("User", "Group") and s.get("apiGroup") != RBAC:
                causes.append(("FieldValueNotSupported", "subjects[%d].apiGroup" % i,
                               'Unsupported value: "%s": supported values: "%s"'
                               % (s.get("apiGroup", ""), RBAC)))
            if not s.get("name"):
                causes.append(("FieldValueRequired", "subjects[%d].name" % i, "Required value"))
        if old is not None and old.get("roleRef") != obj.get("roleRef"):
            causes.append(("FieldValueInvalid", "roleRef", "Invalid value: %s: cannot change "
                           "roleRef" % _go_struct(obj.get("roleRef"))))
    return causes


def _go_struct(ref):
    ref = ref or {}
    return "rbac.RoleRef{APIGroup:\"%s\", Kind:\"%s\", Name:\"%s\"}" % (
        ref.get("apiGroup", ""), ref.get("kind", ""), ref.get("name", ""))


def check(res, obj, old=None, strict=False):
    """Raise KubeError for a body the API server would refuse."""
    msg = decode_check(res, obj, strict)
    if msg:
        raise st.KubeError(st.bad_request(msg))
    causes = validate(res, obj, old)
    if causes:
        name = (obj.get("metadata") or {}).get("name", "")
        raise st.KubeError(st.invalid(res.kind, res.group, name, causes))
