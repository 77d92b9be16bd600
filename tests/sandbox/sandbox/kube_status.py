"""Kubernetes Status objects with the API server's reasons and messages."""


def status(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason}
    if details:
        body["details"] = details
    body["code"] = code
    return code, body


def qualified(resource, group):
    return resource + ("." + group if group else "")


def _details(resource, group, name=None):
    d = {}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    d["kind"] = resource
    return d


def not_found(resource, group, name):
    return status(404, "NotFound", '%s "%s" not found' % (qualified(resource, group), name),
                  _details(resource, group, name))


def already_exists(resource, group, name):
    return status(409, "AlreadyExists", '%s "%s" already exists'
                  % (qualified(resource, group), name), _details(resource, group, name))


def conflict(resource, group, name, why=None):
    why = why or ("the object has been modified; please apply your changes to the latest "
                  "version and try again")
    return status(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": %s'
                  % (qualified(resource, group), name, why), _details(resource, group, name))


def forbidden(user, verb, resource, group, namespace, name=None, subresource=""):
    res = resource + ("/" + subresource if subresource else "")
    what = qualified(resource, group) + (' "%s"' % name if name else "")
    where = 'in the namespace "%s"' % namespace if namespace else "at the cluster scope"
    return status(403, "Forbidden", '%s is forbidden: User "%s" cannot %s resource "%s" in API '
                  'group "%s" %s' % (what, user, verb, res, group, where),
                  _details(resource, group, name))


def forbidden_path(user, verb, path):
    return status(403, "Forbidden", 'forbidden: User "%s" cannot %s path "%s"'
                  % (user, verb, path), {})


def unauthorized():
    return status(401, "Unauthorized", "Unauthorized")


def bad_request(message):
    return status(400, "BadRequest", message)


def invalid(kind, group, name, causes):
    """causes: [(reason, field, message)] as field.ErrorList renders them."""
    msgs = ["%s: %s" % (field, msg) for _, field, msg in causes]
    text = msgs[0] if len(msgs) == 1 else "[" + ", ".join(msgs) + "]"
    details = {"name": name}
    if group:
        details["group"] = group
    details["kind"] = kind
    details["causes"] = [{"reason": r, "message": m, "field": f} for r, f, m in causes]
    return status(422, "Invalid", '%s "%s" is invalid: %s' % (kind, name, text), details)


def success(resource, group, name, uid):
    d = _details(resource, group, name)
    d["uid"] = uid
    return 200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                 "details": d}


class KubeError(Exception):
    """Raised with a (code, Status body) pair; the handler sends it."""

    def __init__(self, pair):
        super().__init__(pair[1].get("message"))
        self.code, self.body = pair
