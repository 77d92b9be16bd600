"""aws-auth read the way aws-iam-authenticator reads it (pkg/mapper/configmap, pkg/config).

An independent implementation of its rules, used by the sandbox API server to map EKS
identities; it is deliberately separate from the C++ parser it tests:
- data keys are exact: mapRoles, mapUsers, mapAccounts;
- a key whose YAML fails to parse (duplicate keys included, as go-yaml refuses them) loses all
  its entries; the other keys still apply;
- entry keys are case-insensitive (YAML → JSON → encoding/json); a field of the wrong type is
  skipped, as encoding/json skips it;
- an entry without rolearn (or sso) / userarn is dropped alone;
- role ARNs compare case-insensitively and the last entry for an ARN wins.
"""
import dataclasses
import re

import yaml

SKIPPABLE = ("", "``", '""', "''")


class _StrictLoader(yaml.SafeLoader):
    pass


def _no_duplicates(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, (dict, list)):   # e.g. an unquoted {{SessionName}}
            raise yaml.constructor.ConstructorError(
                None, None, "invalid map key: %r" % (key,), key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping key %r already defined" % key, key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                              lambda loader, node: _no_duplicates(loader, node, True))


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


def _load(text):
    if text is None or text.strip() in SKIPPABLE:
        return []
    return yaml.load(text, Loader=_StrictLoader)


def _field(entry, name, kind):
    """encoding/json's case-insensitive field match; wrong types are skipped."""
    value = None
    for key, v in entry.items():
        if isinstance(key, str) and key.lower() == name:
            value = v          # encoding/json: the last matching key wins
    if kind is str:
        return value if isinstance(value, str) else ""
    if isinstance(value, list):
        return [g for g in value if isinstance(g, str)]
    return []


def _entries(data, key, errors):
    try:
        items = _load(data.get(key))
    except yaml.YAMLError as exc:
        errors.append("%s: %s" % (key, exc))
        return []
    if items is None:
        return []
    if not isinstance(items, list):
        errors.append("%s: not a list" % key)
        return []
    return [e for e in items if isinstance(e, dict)]


def parse(data):
    """Parse a ConfigMap's data dict into an AwsAuth."""
    data = data or {}
    errors = []
    roles = {}
    for e in _entries(data, "mapRoles", errors):
        arn, sso = _field(e, "rolearn", str), any(
            isinstance(k, str) and k.lower() == "sso" for k in e)
        if bool(arn) == bool(sso):
            errors.append("mapRoles: one of rolearn or SSO must be supplied")
            continue
        if arn:
            roles[arn.lower()] = Mapping(arn, _field(e, "username", str),
                                         _field(e, "groups", list))
    users = []
    for e in _entries(data, "mapUsers", errors):
        arn = _field(e, "userarn", str)
        if not arn:
            errors.append("mapUsers: userarn must be supplied")
            continue
        users.append(Mapping(arn, _field(e, "username", str), _field(e, "groups", list)))
    accounts = []
    try:
        raw = _load(data.get("mapAccounts"))
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
