"""Decode the Kubernetes protobuf request bodies that kubectl's typed clients send
(`application/vnd.kubernetes.protobuf`): `kubectl create role|rolebinding|configmap|namespace`
and `kubectl auth can-i|whoami`. Responses are always JSON (kubectl also accepts it).

Field numbers are those of k8s.io/api generated.proto; the envelope is "k8s\\0" followed by a
runtime.Unknown {typeMeta{apiVersion, kind}, raw}.
"""
MAGIC = b"k8s\x00"

S, B, I = "string", "bytes", "int"   # noqa: E741  scalar kinds
OBJECT_META = {1: ("name", S), 2: ("generateName", S), 3: ("namespace", S), 5: ("uid", S),
               6: ("resourceVersion", S), 11: ("labels", "map"), 12: ("annotations", "map"),
               14: ("finalizers", [S])}
POLICY_RULE = {1: ("verbs", [S]), 2: ("apiGroups", [S]), 3: ("resources", [S]),
               4: ("resourceNames", [S]), 5: ("nonResourceURLs", [S])}
SUBJECT = {1: ("kind", S), 2: ("apiGroup", S), 3: ("name", S), 4: ("namespace", S)}
ROLE_REF = {1: ("apiGroup", S), 2: ("kind", S), 3: ("name", S)}
RESOURCE_ATTRS = {1: ("namespace", S), 2: ("verb", S), 3: ("group", S), 4: ("version", S),
                  5: ("resource", S), 6: ("subresource", S), 7: ("name", S)}
SCHEMAS = {
    "ConfigMap": {1: ("metadata", OBJECT_META), 2: ("data", "map"), 3: ("binaryData", "map"),
                  4: ("immutable", "bool")},
    "Namespace": {1: ("metadata", OBJECT_META), 2: ("spec", {1: ("finalizers", [S])})},
    "Role": {1: ("metadata", OBJECT_META), 2: ("rules", [POLICY_RULE])},
    "ClusterRole": {1: ("metadata", OBJECT_META), 2: ("rules", [POLICY_RULE])},
    "RoleBinding": {1: ("metadata", OBJECT_META), 2: ("subjects", [SUBJECT]),
                    3: ("roleRef", ROLE_REF)},
    "SelfSubjectAccessReview": {1: ("metadata", OBJECT_META), 2: ("spec", {
        1: ("resourceAttributes", RESOURCE_ATTRS),
        2: ("nonResourceAttributes", {1: ("path", S), 2: ("verb", S)})})},
    "SelfSubjectRulesReview": {1: ("metadata", OBJECT_META), 2: ("spec", {1: ("namespace", S)})},
    "SelfSubjectReview": {1: ("metadata", OBJECT_META)},
}
SCHEMAS["ClusterRoleBinding"] = SCHEMAS["RoleBinding"]


class ProtoError(ValueError):
    pass


def _varint(buf, i):
    shift = result = 0
    while True:
        if i >= len(buf):
            raise ProtoError("truncated varint")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def fields(buf):
    """[(field number, wire type, value)] of one message."""
    out, i = [], 0
    while i < len(buf):
        key, i = _varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            val, i = _varint(buf, i)
        elif wt == 2:
            n, i = _varint(buf, i)
            val, i = buf[i:i + n], i + n
        elif wt == 1:
            val, i = buf[i:i + 8], i + 8
        elif wt == 5:
            val, i = buf[i:i + 4], i + 4
        else:
            raise ProtoError("unsupported wire type %d" % wt)
        out.append((num, wt, val))
    return out


def _scalar(kind, val):
    if kind == S:
        return val.decode("utf-8")
    if kind == "bool":
        return bool(val)
    return val


def decode(buf, schema):
    obj = {}
    for num, _, val in fields(buf):
        if num not in schema:
            continue
        name, kind = schema[num]
        if kind == "map":
            entry = dict((n, v) for n, _, v in fields(val))
            obj.setdefault(name, {})[entry.get(1, b"").decode()] = entry.get(2, b"").decode(
                "utf-8", "replace")
        elif isinstance(kind, list):
            item = kind[0]
            obj.setdefault(name, []).append(decode(val, item) if isinstance(item, dict)
                                            else _scalar(item, val))
        elif isinstance(kind, dict):
            obj[name] = decode(val, kind)
        else:
            value = _scalar(kind, val)
            if value not in ("", None):
                obj[name] = value
    return obj


def decode_object(body):
    """A protobuf-encoded API object as the JSON-shaped dict the store keeps."""
    if not body.startswith(MAGIC):
        raise ProtoError("provided data does not appear to be a protobuf message, expected "
                         "prefix [107 56 115 0]")
    unknown = dict((n, v) for n, _, v in fields(body[len(MAGIC):]))
    type_meta = dict((n, v.decode()) for n, _, v in fields(unknown.get(1, b"")))
    kind = type_meta.get(2, "")
    if kind not in SCHEMAS:
        raise ProtoError("no protobuf decoding for kind %r in the sandbox" % kind)
    obj = {"apiVersion": type_meta.get(1, ""), "kind": kind}
    obj.update(decode(unknown.get(2, b""), SCHEMAS[kind]))
    return obj
