"""aws-auth read the way aws-iam-authenticator reads it (pkg/mapper/configmap, pkg/config).

An independent implementation of its rules, used by the sandbox API server to map EKS
identities; it is deliberately separate from the C++ parser it tests, and reads YAML with
libyaml itself (PyYAML's CParser), the C library go-yaml is a port of:
- data keys are exact: mapRoles, mapUsers, mapAccounts;
- a key libyaml cannot read loses all its entries (so does one with a mapping, list or null as a
  key, or an alias inside its own anchor); the other keys still apply; repeated keys are allowed,
  the last value wins (go-yaml v2 Unmarshal is not strict);
- plain scalars get go-yaml v2's implicit types (yes/no/on/off/y/n bools, ints in any base,
  floats); a bool or number is not a string to encoding/json;
- entry keys match fields case-insensitively (bytes.EqualFold, with the long s and Kelvin sign),
  applied in sorted key order (json.Marshal sorts a Go map), so of `rolearn` and `RoleArn` the
  value of `rolearn` stays; a field of the wrong type is skipped and stays empty, the entry kept;
- an entry without rolearn (or sso) / userarn is dropped alone;
- ARNs compare case-insensitively; for role ARNs the last entry wins.
"""
import dataclasses
import re

import yaml

SKIPPABLE = ("", "``", '""', "''")
_PLAIN = "!plain"


class _Loader(yaml.cyaml.CParser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):
    """libyaml's parser and composer; plain scalars tagged _PLAIN, nothing else resolved."""

    def __init__(self, stream):
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.constructor.BaseConstructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)


_BOOLS = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
          "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_FLOATS = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
           "-.inf", "-.Inf", "-.INF"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _go_parse_int(s, base=0):
    """strconv.ParseInt(s, base, 64) succeeds."""
    neg = s[:1] == "-"
    if s[:1] in "+-" and s:
        s = s[1:]
    n = _go_parse_uint(s, base)
    return n is not None and (n <= 2 ** 63 if neg else n < 2 ** 63)


def _go_parse_uint(s, base=0):
    if not s:
        return None
    if base == 0:
        base = 10
        if s[0] == "0":
            p = s[1].lower() if len(s) >= 3 else ""
            base = {"b": 2, "o": 8, "x": 16}.get(p, 8)
            s = s[2:] if p in ("b", "o", "x") else s[1:]
    n = 0
    for c in s:
        d = int(c, 36) if c.isascii() and c.isalnum() else 99
        if d >= base:
            return None
        n = n * base + d
        if n >= 2 ** 64:
            return None
    return n


def _finite_float(s):
    try:
        return float(s) not in (float("inf"), float("-inf"))
    except ValueError:
        return False


def _typed(value):
    """go-yaml v2 resolve.go: a plain scalar that is a bool, int or float (not a string)."""
    if value in _BOOLS or value in _FLOATS:
        return True
    if not value:
        return False
    if value[0] == ".":
        return bool(_YAML_FLOAT.match(value)) and _finite_float(value)
    if value[0] not in "+-0123456789":
        return False
    plain = value.replace("_", "")
    if _go_parse_int(plain) or (plain[0] not in "+-" and _go_parse_uint(plain) is not None):
        return True
    if _YAML_FLOAT.match(plain) and _finite_float(plain):
        return True
    if plain.startswith("0b"):
        return _go_parse_int(plain[2:], 2)
    if plain.startswith("-0b"):
        return _go_parse_int("-" + plain[3:], 2)
    return False


class _Bad(Exception):
    pass


_NUMBER = object()   # a bool, int or float: never a string to encoding/json


def _value(node, open_nodes):
    """The node as the authenticator's JSON sees it: None, str, _NUMBER, list or dict."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _PLAIN:
            if node.value in _NULLS:
                return None
            return _NUMBER if _typed(node.value) else node.value
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                        "tag:yaml.org,2002:bool"):
            return _NUMBER
        return node.value
    if id(node) in open_nodes:
        raise _Bad("an alias inside the value of its own anchor")
    open_nodes.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [_value(n, open_nodes) for n in node.value]
        out = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode) or _value(k, open_nodes) is None:
                raise _Bad("invalid map key")
            out[k.value] = _value(v, open_nodes)   # a repeated key: the last value
        return out
    finally:
        open_nodes.discard(id(node))


def _load(text):
    if text is None or text.strip() in SKIPPABLE:
        return None
    try:
        root = next(yaml.compose_all(text, Loader=_Loader), None)
    except yaml.YAMLError as exc:
        raise _Bad(str(exc))
    return None if root is None else _value(root, set())


def _fold(key):
    return key.replace("\u017f", "s").replace("\u212a", "k").lower()


def _decode(obj, fields):
    """encoding/json into a struct: {folded name: kind}; keys in sorted order, wrong types
    skipped (the field keeps its value), null clears lists and objects only."""
    out = {name: ("" if kind is str else None) for name, kind in fields.items()}
    for key in sorted(obj, key=lambda k: k.encode("utf-8", "surrogatepass")):
        name = _fold(key)
        if name not in fields:
            continue
        v, kind = obj[key], fields[name]
        if kind is str:
            if isinstance(v, str):
                out[name] = v
        elif kind is list:
            if v is None:
                out[name] = None
            elif isinstance(v, list):
                old = out[name] or []
                out[name] = [x if isinstance(x, str) else (old[i] if i < len(old) else "")
                             for i, x in enumerate(v)]
        elif kind is dict:
            if v is None:
                out[name] = None
            elif isinstance(v, dict):
                out[name] = _decode(v, {"permissionsetname": str, "accountid": str,
                                        "partition": str})
    return out


@dataclasses.dataclass
class Mapping:
    arn: str
    username: str
    groups: list


@dataclasses.dataclass
class AwsAuth:
    roles: dict          # lower-case role ARN -> Mapping (last wins)
    users: list          # [Mapping] in order
    accounts: list
    errors: list


def _entries(data, key, errors):
    try:
        items = _load(data.get(key))
    except _Bad as exc:
        errors.append("%s: %s" % (key, exc))
        return []
    if items is None:
        return []
    if not isinstance(items, list):
        errors.append("%s: not a list" % key)
        return []
    return [e if isinstance(e, dict) else {} for e in items]


def parse(data):
    """Parse a ConfigMap's data dict into an AwsAuth."""
    data = data or {}
    errors = []
    roles = {}
    fields = {"username": str, "groups": list, "userid": str}
    for e in _entries(data, "mapRoles", errors):
        d = _decode(e, dict(fields, rolearn=str, sso=dict))
        if bool(d["rolearn"]) == (d["sso"] is not None):
            errors.append("mapRoles: one of rolearn or SSO must be supplied")
            continue
        if d["rolearn"]:
            roles[d["rolearn"].lower()] = Mapping(d["rolearn"], d["username"], d["groups"] or [])
    users = []
    for e in _entries(data, "mapUsers", errors):
        d = _decode(e, dict(fields, userarn=str))
        if not d["userarn"]:
            errors.append("mapUsers: userarn must be supplied")
            continue
        users.append(Mapping(d["userarn"], d["username"], d["groups"] or []))
    accounts = []
    try:
        raw = yaml.safe_load(data.get("mapAccounts") or "")
        if isinstance(raw, list):
            accounts = [str(a) for a in raw if isinstance(a, (str, int))]
    except yaml.YAMLError as exc:
        errors.append("mapAccounts: %s" % exc)
    return AwsAuth(roles, users, accounts, errors)


def lookup(auth, canonical_arn, account):
    """(username template, groups) for an identity, or None: roles, then users, then
    mapAccounts (username = the canonical ARN, no groups)."""
    m = auth.roles.get(canonical_arn.lower())
    if m:
        return m.username, m.groups
    found = None
    for u in auth.users:
        if u.arn.lower() == canonical_arn.lower():
            found = u
    if found:
        return found.username, found.groups
    if account in auth.accounts:
        return canonical_arn, []
    return None


def render(template, identity):
    """aws-iam-authenticator's renderTemplate, in its order."""
    out = template
    if "{{EC2PrivateDNSName}}" in out:
        session = identity.get("session_name", "")
        if not re.match(r"^i-(\w{8}|\w{17})$", session):
            raise ValueError("SessionName did not contain an instance id")
        out = out.replace("{{EC2PrivateDNSName}}", "ip-10-0-%d-%d.%s.compute.internal" % (
            int(session[2:4], 16) % 250, int(session[4:6], 16) % 250, identity["region"]))
    out = out.replace("{{AccountID}}", identity["account"])
    out = out.replace("{{SessionName}}", identity.get("session_name", "").replace("@", "-"))
    out = out.replace("{{SessionNameRaw}}", identity.get("session_name", ""))
    out = out.replace("{{AccessKeyID}}", identity.get("access_key_id", ""))
    return out
