"""SandboxClient: drive a sandbox started by `eksbox up` (another process) over its control
endpoint, with the same helper names as Sandbox."""
import json
import os
import ssl
import urllib.error
import urllib.request


class SandboxClient:
    def __init__(self, directory):
        self.dir = os.path.abspath(directory)
        with open(os.path.join(self.dir, "state.json")) as f:
            self.state = json.load(f)
        self._base = self.state["env"]["EKSBOX_CONTROL_URL"]
        self._ctx = ssl.create_default_context(cafile=self.state["env"]["AWS_CA_BUNDLE"])

    @property
    def env(self):
        from .core import base_path
        env = {"PATH": base_path(), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        env.update(self.state["env"])
        return env

    def _call(self, method, path, body=None):
        req = urllib.request.Request(self._base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=self._ctx, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def inject_fault(self, service="*", method="*", path="", count=1, action="status",
                     status=None, retry_after=None, delay=0.0, code="", message="", body=""):
        spec = {"service": service, "method": method, "path": path, "count": count,
                "action": action, "delay": delay, "code": code, "message": message,
                "body": body}
        if status is not None:
            spec["status"] = status
        if retry_after is not None:
            spec["retry_after"] = retry_after
        return self._call("POST", "/faults", spec)

    def clear_faults(self):
        return self._call("DELETE", "/faults")

    def requests(self, service=None):
        return self._call("GET", "/requests" + ("?service=" + service if service else ""))

    def get_configmap(self, name="aws-auth", namespace="kube-system", cluster=None):
        cluster = cluster or next(iter(self.state["clusters"]))
        try:
            return self._call("GET", "/configmaps/%s/%s/%s" % (cluster, namespace, name))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise

    def reset(self):
        return self._call("POST", "/reset")

    def sso_logout(self):
        return self._call("POST", "/sso/logout")

    def sso_login(self):
        return self._call("POST", "/sso/login")

    def delete_role(self, account, name):
        return self._call("POST", "/iam/roles/%s/%s/delete" % (account, name))

    def create_role(self, account, name):
        return self._call("POST", "/iam/roles/%s/%s/create" % (account, name))

    def recreate_role(self, account, name):
        return self._call("POST", "/iam/roles/%s/%s/recreate" % (account, name))

    def reprovision(self, account, permission_set, suffix):
        return self._call("POST", "/iam/reprovision", {"account": account, "suffix": suffix,
                                                        "permission_set": permission_set})

    def eks_settings(self, cluster, **settings):
        return self._call("POST", "/eks/clusters/%s" % cluster, settings)

    def aws_auth(self, cluster=None):
        return dict((self.get_configmap(cluster=cluster) or {}).get("data") or {})
