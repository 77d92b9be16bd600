"""The control endpoint under /_sandbox/ on every sandbox server, for callers that are not in
the sandbox's Python process (shell scripts, the C++ tests).

  POST   /_sandbox/faults     {"service","method","path","count","action","status",
                               "retry_after","delay"}  -> 201 the fault
  GET    /_sandbox/faults     live faults;   DELETE /_sandbox/faults   clear them
  GET    /_sandbox/requests[?service=S]      the request log;   DELETE clears it
  GET    /_sandbox/configmaps/<cluster>/<namespace>/<name>   a stored ConfigMap
  POST   /_sandbox/reset      every cluster back to the world's seed
  POST   /_sandbox/sso/logout revoke SSO tokens;  POST /_sandbox/sso/login  fresh token caches
  POST   /_sandbox/iam/roles/<account>/<name>/{delete,create,recreate}   IAM role life cycle
                              (create: the deleted role again, new role id)  -> 200 the role
  POST   /_sandbox/iam/reprovision {"account","permission_set","suffix"}  a new SSO role
  POST   /_sandbox/eks/clusters/<name> {"update_seconds","entry_delay_seconds",
                              "access_entry_limit"}  -> 200 the cluster's settings
  GET    /_sandbox/state      ports and environment
  GET    /_sandbox/healthz    "ok"
"""
import json


class Control:
    def __init__(self, sandbox):
        self.sb = sandbox

    def handle(self, h):
        parts = h.url_path.strip("/").split("/")[1:]
        try:
            result = self._route(h, h.command, parts)
        except (ValueError, TypeError, KeyError) as exc:
            return h.send_json(400, {"error": str(exc)})
        if result is None:
            return h.send_json(404, {"error": "no such control route"})
        status, body = result
        h.send_json(status, body)

    def _route(self, h, method, parts):
        sb = self.sb
        if parts == ["healthz"]:
            return 200, "ok"
        if method == "POST" and parts in (["reset"], ["sso", "logout"], ["sso", "login"]):
            {"reset": sb.reset, "logout": sb.sso_logout, "login": sb.sso_login}[parts[-1]]()
            return 200, "ok"
        if parts == ["state"] and method == "GET":
            return 200, {"ports": sb.ports, "env": sb.env}
        if parts == ["faults"]:
            if method == "POST":
                spec = json.loads(h.body or b"{}")
                allowed = {"service", "method", "path", "count", "action", "status",
                           "retry_after", "delay", "code", "message", "body"}
                unknown = set(spec) - allowed
                if unknown:
                    raise ValueError("unknown fault fields: %s" % ", ".join(sorted(unknown)))
                return 201, sb.inject_fault(**spec).to_dict()
            if method == "GET":
                return 200, sb.faults.list()
            if method == "DELETE":
                sb.clear_faults()
                return 200, []
        if parts == ["requests"]:
            if method == "GET":
                return 200, sb.requests((h.query.get("service") or [None])[0])
            if method == "DELETE":
                sb.log.clear()
                return 200, []
        if method == "POST" and len(parts) == 5 and parts[:2] == ["iam", "roles"] and \
                parts[4] in ("delete", "create", "recreate"):
            role = getattr(sb, parts[4] + "_role")(parts[2], parts[3])
            return 200, {"arn": role.arn, "roleId": role.role_id}
        if method == "POST" and parts == ["iam", "reprovision"]:
            spec = json.loads(h.body or b"{}")
            role = sb.reprovision(spec["account"], spec["permission_set"], spec["suffix"])
            return 200, {"arn": role.arn, "roleId": role.role_id}
        if method == "POST" and len(parts) == 3 and parts[:2] == ["eks", "clusters"]:
            return 200, sb.eks_settings(parts[2], **json.loads(h.body or b"{}"))
        if len(parts) == 4 and parts[0] == "configmaps" and method == "GET":
            obj = sb.get_configmap(parts[3], parts[2], parts[1])
            return (200, obj) if obj else (404, {"error": "not found"})
        return None
