"""PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch (as kubectl sends it for
the types served here) and JSON patch (RFC 6902)."""
import copy
import json


class PatchError(Exception):
    pass


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def strategic_merge_patch(target, patch):
    """Merge with the directives kubectl emits; lists in the served types are atomic."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    directive = patch.get("$patch")
    if directive == "delete":
        return None
    base = {} if directive == "replace" or not isinstance(target, dict) else copy.deepcopy(target)
    retain = patch.get("$retainKeys")
    for key, value in patch.items():
        if key.startswith("$"):
            continue
        if value is None:
            base.pop(key, None)
            continue
        merged = strategic_merge_patch(base.get(key), value)
        if merged is None:
            base.pop(key, None)
        else:
            base[key] = merged
    if isinstance(retain, list):
        base = {k: v for k, v in base.items() if k in retain}
    return base


def _pointer(doc, pointer):
    if pointer == "":
        return None, None
    if not pointer.startswith("/"):
        raise PatchError("invalid JSON pointer %r" % pointer)
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]
    parent = doc
    for p in parts[:-1]:
        if isinstance(parent, list):
            parent = parent[int(p)]
        elif isinstance(parent, dict) and p in parent:
            parent = parent[p]
        else:
            raise PatchError("doc is missing path: %s" % pointer)
    return parent, parts[-1]


def _get(doc, pointer):
    parent, key = _pointer(doc, pointer)
    if parent is None:
        return doc
    try:
        return parent[int(key)] if isinstance(parent, list) else parent[key]
    except (KeyError, IndexError, ValueError):
        raise PatchError("doc is missing path: %s" % pointer)


def _add(doc, pointer, value):
    parent, key = _pointer(doc, pointer)
    if parent is None:
        return value
    if isinstance(parent, list):
        idx = len(parent) if key == "-" else int(key)
        if idx > len(parent):
            raise PatchError("add operation index out of bounds")
        parent.insert(idx, value)
    else:
        parent[key] = value
    return doc


def _remove(doc, pointer):
    parent, key = _pointer(doc, pointer)
    try:
        if isinstance(parent, list):
            del parent[int(key)]
        else:
            del parent[key]
    except (KeyError, IndexError, ValueError, TypeError):
        raise PatchError("Unable to remove nonexistent key: %s: missing value" % key)
    return doc


def json_patch(target, ops):
    doc = copy.deepcopy(target)
    if not isinstance(ops, list):
        raise PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    for op in ops:
        kind, path = op.get("op"), op.get("path", "")
        if kind == "add":
            doc = _add(doc, path, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            doc = _remove(doc, path)
        elif kind == "replace":
            _get(doc, path)
            doc = _add(_remove(doc, path), path, copy.deepcopy(op.get("value")))
        elif kind == "move":
            value = _get(doc, op["from"])
            doc = _add(_remove(doc, op["from"]), path, value)
        elif kind == "copy":
            doc = _add(doc, path, copy.deepcopy(_get(doc, op["from"])))
        elif kind == "test":
            if _get(doc, path) != op.get("value"):
                raise PatchError("testing value %s failed: test failed" % path)
        else:
            raise PatchError("Unexpected kind: %s" % kind)
    return doc


def apply_patch(content_type, target, body):
    """Apply a PATCH body by its Content-Type; raises PatchError or ValueError."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/json-patch+json":
        return json_patch(target, json.loads(body))
    if ctype == "application/merge-patch+json":
        return merge_patch(target, json.loads(body))
    if ctype == "application/strategic-merge-patch+json":
        return strategic_merge_patch(target, json.loads(body)) or {}
    raise LookupError(ctype)


def _leaves(obj, prefix=()):
    if isinstance(obj, dict) and obj:
        for k, v in obj.items():
            yield from _leaves(v, prefix + (k,))
    else:
        yield prefix


def server_side_apply(current, applied, previous):
    """Apply as one field manager: merge its configuration, then drop the fields it applied
    last time and no longer sets (field ownership by others is not modelled)."""
    out = merge_patch(current or {}, applied)
    now = set(_leaves(applied))
    for path in _leaves(previous or {}):
        if path in now or not path or path[0] in ("apiVersion", "kind") or \
                path[:2] in (("metadata", "name"), ("metadata", "namespace")):
            continue
        if any(path[:i] in now for i in range(1, len(path))):
            continue      # a parent is now set as a whole (e.g. a list or scalar)
        parents, node = [], out
        for key in path[:-1]:
            parents.append(node)
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(path[-1], None)
            for parent, key in reversed(list(zip(parents, path[:-1]))):
                if parent.get(key) == {}:
                    del parent[key]     # an emptied map disappears, as it would
    return out
