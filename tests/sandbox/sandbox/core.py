"""The Sandbox: starts every server, writes the HOME, and gives tests their handles."""
import json
import os
import secrets
import shutil
import threading

from . import certs, control, home, kube_api
from .eks import EksHandler
from .eks_state import ClusterState
from .faults import FaultRegistry, RequestLog
from .httpbase import TLSServer, server_context
from .iam import IamHandler
from .proxy import ConnectProxy
from .sso import SsoOidcHandler, SsoPortalHandler
from .sts import StsHandler
from .world import World

AWS_HANDLERS = {"sts": StsHandler, "sso": SsoPortalHandler, "sso-oidc": SsoOidcHandler,
                "iam": IamHandler, "eks": EksHandler}


def base_path():
    """/usr/bin:/bin (Debian's aws first), plus kubectl's directory if it lives elsewhere."""
    dirs = ["/usr/bin", "/bin"]
    kubectl = shutil.which("kubectl")
    if kubectl and os.path.dirname(kubectl) not in dirs:
        dirs.append(os.path.dirname(kubectl))
    return ":".join(dirs)


class Sandbox:
    """A running sandbox. Start one with Sandbox.start(dir); stop it with .stop()."""

    def __init__(self, directory, world=None):
        self.dir = os.path.abspath(directory)
        os.makedirs(self.dir, exist_ok=True)
        self.world = World(world)
        self.faults = FaultRegistry()
        self.log = RequestLog()
        self.control = control.Control(self)
        self.admin_token = "eksbox-admin-" + secrets.token_hex(16)
        self.clusters = {c["name"]: ClusterState(c, self.world)
                         for c in self.world.clusters}
        self.stopping = threading.Event()   # long requests (watches) end when set
        self.servers = {}
        self.kube = {}          # cluster name -> KubeCluster (store, authn, server)
        self.proxy = None
        self.pki = None

    @classmethod
    def start(cls, directory, world=None):
        sb = cls(directory, world)
        try:
            sb._start()
        except BaseException:
            sb.stop()
            raise
        return sb

    def _start(self):
        regions = {self.world.region, self.world.sso_region, "us-east-1"} | {
            c.region for c in self.clusters.values()}
        self.pki = certs.make_all(os.path.join(self.dir, "pki"), regions)
        ctx = server_context(self.pki["server_crt"], self.pki["server_key"])
        for name, handler in AWS_HANDLERS.items():
            self.servers[name] = TLSServer(handler, ctx, self)
        kube_ctx = server_context(self.pki["server_crt"], self.pki["server_key"],
                                  self.pki["ca"], client_auth=True)
        ca_data = home._b64file(self.pki["ca"])
        for name, cluster in self.clusters.items():
            kc = kube_api.KubeCluster(self, cluster)
            server = TLSServer(kube_api.handler_for(kc), kube_ctx, self)
            kc.server = server
            cluster.endpoint = "https://127.0.0.1:%d" % server.port
            cluster.ca_data = ca_data
            self.kube[name] = kc
            self.servers["kube" if not any(k.startswith("kube") for k in self.servers)
                         else "kube@" + name] = server
        self.proxy = ConnectProxy(self, {n: s.port for n, s in self.servers.items()})
        for server in self.servers.values():
            server.start()
        self.proxy.start()
        home.write_home(self)
        self._write_state()

    def stop(self):
        self.stopping.set()
        for server in list(self.servers.values()):
            try:
                server.stop()
            except Exception:
                pass
        if self.proxy:
            self.proxy.stop()
        self.servers, self.proxy = {}, None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # ---- addresses and environment ------------------------------------------------------
    def url(self, service):
        return "https://127.0.0.1:%d" % self.servers[service].port

    @property
    def ports(self):
        out = {n: s.port for n, s in self.servers.items()}
        out["proxy"] = self.proxy.port
        return out

    @property
    def env(self):
        """A complete environment for subprocesses: a minimal base plus the sandbox's vars."""
        env = {"PATH": base_path(), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        env.update(home.environment(self))
        return env

    def _write_state(self):
        state = {"pid": os.getpid(), "ports": self.ports, "env": home.environment(self),
                 "clusters": {n: c.endpoint for n, c in self.clusters.items()}}
        path = os.path.join(self.dir, "state.json")
        with open(path + ".tmp", "w") as f:
            json.dump(state, f, indent=2)
        os.replace(path + ".tmp", path)

    # ---- test helpers -------------------------------------------------------------------
    def inject_fault(self, service="*", method="*", path="", count=1, action="status",
                     status=None, retry_after=None, delay=0.0, code="", message="", body=""):
        """Make the next `count` matching requests fail; returns the Fault."""
        return self.faults.add(service, method, path, count, action, status, retry_after,
                               delay, code, message, body)

    def clear_faults(self):
        self.faults.clear()

    def reset(self):
        """Put every cluster back as the world seeds it (objects, aws-auth, tokens, access
        entries, authentication mode) and clear faults and the request log. Issued AWS
        credentials and the HOME's SSO tokens stay valid."""
        self.world.reset_roles()
        for kc in self.kube.values():
            kc.reset()
            kc.state.reset()
        self.clear_faults()
        self.log.clear()

    def requests(self, service=None):
        """Requests served so far: [{service, method, path, status, time}]."""
        return self.log.entries(service)

    def cluster(self, name=None):
        """The KubeCluster (store, tokens) of a cluster; the first one by default."""
        return self.kube[name or next(iter(self.kube))]

    def get_configmap(self, name="aws-auth", namespace="kube-system", cluster=None):
        """The stored ConfigMap object (a copy), or None."""
        return self.cluster(cluster).store.get("configmaps", namespace, name)

    def aws_auth(self, cluster=None):
        """aws-auth's data dict ({} when the ConfigMap is absent)."""
        cm = self.get_configmap(cluster=cluster)
        return dict((cm or {}).get("data") or {})

    def put_configmap(self, data, name="aws-auth", namespace="kube-system", cluster=None):
        """Create or replace a ConfigMap's data as an administrator would."""
        return self.cluster(cluster).store.upsert_configmap(namespace, name, data)

    def add_token(self, token, user, groups=(), cluster=None):
        """Accept a static bearer token for a Kubernetes user."""
        self.cluster(cluster).tokens[token] = (user, list(groups))

    def sso_logout(self):
        """Invalidate every SSO access token server-side (the cache files stay as they are)."""
        with self.world.lock:
            self.world.sso_tokens.clear()

    def sso_login(self, seconds=8 * 3600):
        """Write fresh token caches to the HOME, as `aws sso login` would; a negative
        `seconds` writes tokens that have already expired."""
        home.write_sso_cache(self, self.dir, seconds)

    # ---- IAM and EKS control operations ------------------------------------------------
    def delete_role(self, account, name):
        """Delete an IAM role (GetRole: NoSuchEntity); `create_role` brings it back."""
        return self.world.delete_role(account, name)

    def create_role(self, account, name):
        """Create a deleted role again: same ARN, new role id and CreateDate. Access entries
        made for the old role stop matching at sign-in (401), and still describe as before."""
        return self.world.create_role(account, name)

    def recreate_role(self, account, name):
        return self.world.recreate_role(account, name)

    def reprovision(self, account, permission_set, suffix):
        """Identity Center re-provisions a permission set: AWSReservedSSO_<set>_<suffix>
        replaces the account's old role for it (stale mappings name a role that is gone)."""
        return self.world.reprovision(account, permission_set, suffix)

    def eks_settings(self, cluster, update_seconds=None, entry_delay_seconds=None,
                     access_entry_limit=None):
        """A cluster's EKS timing and quota: mode updates stay InProgress (cluster UPDATING)
        until update_seconds after they started (0 completes pending ones); access-entry
        changes reach sign-in entry_delay_seconds after they were made (0 publishes pending
        ones); CreateAccessEntry beyond access_entry_limit is ResourceLimitExceededException.
        None leaves a setting as it is; reset() restores the world's."""
        st = self.clusters[cluster]
        with st.lock:
            if update_seconds is not None:
                st.update_seconds = float(update_seconds)
            if entry_delay_seconds is not None:
                st.entry_delay_seconds = float(entry_delay_seconds)
            if access_entry_limit is not None:
                st.access_entry_limit = int(access_entry_limit)
            return {"update_seconds": st.update_seconds,
                    "entry_delay_seconds": st.entry_delay_seconds,
                    "access_entry_limit": st.access_entry_limit}

    def issue_session(self, role_arn, session_name, seconds=3600):
        """Temporary credentials for a role (negative seconds: already expired)."""
        role = self.world.role_by_arn(role_arn)
        if role is None:
            raise KeyError(role_arn)
        return self.world.issue_session(role, session_name, seconds)
