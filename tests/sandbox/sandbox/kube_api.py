"""The Kubernetes API server: routing, authentication, authorization, and the REST verbs."""
import datetime
import urllib.parse

from . import kube_discovery as disc
from . import kube_resources as kr
from . import kube_status as st
from . import rbac
from .httpbase import BaseHandler
from .kube_auth import Authenticator
from .kube_store import Store
from .kube_verbs import Verbs


class KubeCluster:
    """One cluster's API server state: the store, static tokens, the authenticator."""

    def __init__(self, sandbox, state):
        self.sb, self.state = sandbox, state
        self.tokens = {}
        self.auth_log = []
        self.watches = 0          # watch requests started (tests wait on it)
        self.server = None
        self.reset()
        self.authn = Authenticator(sandbox, self)

    def reset(self):
        """Objects and static tokens as the world file seeds them (EKS state: state.reset)."""
        self.store = Store()
        self.tokens.clear()
        self.tokens[self.sb.admin_token] = ("kubernetes-admin", ["system:masters"])
        del self.auth_log[:]
        self._seed()

    def _seed(self):
        spec = self.state.spec
        old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=30)
        for name, pods in (spec.get("namespaces") or {"default": []}).items():
            self.store.seed("namespaces", "", {"metadata": {"name": name, "labels": {
                "kubernetes.io/metadata.name": name}}, "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"}}, old)
            for i, pod in enumerate(pods or []):
                self.store.seed("pods", name, _pod(pod, i), old)
        roles, bindings = rbac.default_objects()
        for r in roles:
            self.store.seed("clusterroles", "", r, old)
        for b in bindings:
            self.store.seed("clusterrolebindings", "", b, old)
        if spec.get("aws_auth") is not None and "kube-system" in (spec.get("namespaces") or {}):
            self.store.seed("configmaps", "kube-system", {"metadata": {"name": "aws-auth"},
                            "data": dict(spec["aws_auth"])}, old)


def _pod(name, i):
    return {"metadata": {"name": name, "labels": {"app": name.split("-")[0]}},
            "spec": {"nodeName": "ip-10-0-1-%d.us-east-2.compute.internal" % (10 + i % 3),
                     "containers": [{"name": name.split("-")[0], "image": "public.ecr.aws/"
                                     "eks-distro/%s:latest" % name.split("-")[0]}]},
            "status": {"phase": "Running", "podIP": "10.0.1.%d" % (100 + i),
                       "containerStatuses": [{"name": name.split("-")[0], "ready": True,
                                              "restartCount": 0, "started": True}]}}


def handler_for(kube_cluster):
    return type("KubeHandler", (KubeHandler,), {"kc": kube_cluster})


class KubeHandler(BaseHandler, Verbs):
    service = "kube"
    kc = None

    def send_status(self, pair, headers=None):
        code, body = pair
        self.send_json(code, body, headers)

    def fault_response(self, status, retry_after):
        reason = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
                  409: "Conflict", 422: "Invalid", 429: "TooManyRequests", 500: "InternalError",
                  503: "ServiceUnavailable", 504: "Timeout"}.get(status, "InternalError")
        code, body = st.status(status, reason, "injected fault")
        headers = {}
        if retry_after is not None:
            body["details"] = {"retryAfterSeconds": retry_after}
            headers["Retry-After"] = retry_after
        self.send_json(code, body, headers)

    def route(self):
        self.user = self.kc.authn.authenticate(self)
        if self.user is None:
            return self.send_status(st.unauthorized())
        try:
            self.user = self.kc.authn.impersonate(self, self.user)
            self._route()
        except st.KubeError as err:
            self.send_json(err.code, err.body)

    def _route(self):
        p = self.url_path.rstrip("/") or "/"
        parts = [urllib.parse.unquote(x) for x in p.split("/") if x]
        resource_req = (len(parts) >= 3 and parts[0] == "api") or \
                       (len(parts) >= 4 and parts[0] == "apis")
        if not resource_req:
            return self.non_resource(p, parts)
        group, rest = ("", parts[2:]) if parts[0] == "api" else (parts[1], parts[3:])
        if (parts[1] if parts[0] == "api" else parts[2]) != "v1":
            return self.send_status(st.status(404, "NotFound", "the server could not find the "
                                              "requested resource"))
        namespace, name, sub = "", "", ""
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        elif rest[0] == "namespaces" and len(rest) == 2:
            name = rest[1]
            rest = rest[:1]
        res = kr.lookup(group, rest[0])
        if res is None or (res.namespaced is False and namespace):
            return self.send_status(st.status(404, "NotFound", "the server could not find the "
                                              "requested resource"))
        if len(rest) > 1:
            name = rest[1]
        if len(rest) > 2:
            sub = rest[2]
        self.resource_request(res, namespace, name, sub)

    def non_resource(self, path, parts):
        allowed, _ = rbac.authorize(self.kc.store, self.user,
                                    rbac.Attributes(verb=self.command.lower(), path=path))
        if not allowed:
            return self.send_status(st.forbidden_path(self.user.name, self.command.lower(),
                                                      path))
        if path == "/version":
            return self.send_json(200, disc.version(self.kc.state.version))
        if path in ("/healthz", "/livez", "/readyz"):
            return self.send_body(200, "ok", "text/plain; charset=utf-8")
        if path == "/api":
            return self.send_json(200, disc.api_versions())
        if path == "/api/v1":
            return self.send_json(200, disc.resource_list(""))
        if path == "/apis":
            return self.send_json(200, disc.api_groups())
        if len(parts) == 2 and parts[0] == "apis" and parts[1] in kr.GROUPS:
            return self.send_json(200, disc.api_group(parts[1]))
        if len(parts) == 3 and parts[0] == "apis" and parts[1] in kr.GROUPS and parts[2] == "v1":
            return self.send_json(200, disc.resource_list(parts[1]))
        if path == "/openapi/v3":
            return self.send_json(200, disc.openapi_root())
        if path == "/openapi/v3/api/v1":
            return self.send_json(200, disc.openapi_gv(""))
        if len(parts) == 5 and parts[:3] == ["openapi", "v3", "apis"] and parts[4] == "v1":
            return self.send_json(200, disc.openapi_gv(parts[3]))
        self.send_status(st.status(404, "NotFound", "the server could not find the requested "
                                   "resource"))

