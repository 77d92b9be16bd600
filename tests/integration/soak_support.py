"""The soak harness (issue 11 §9), shared by tests/integration/test_soak_short.py (a short run in
CI) and bench/soak.py (the full run): W concurrent workers run `kubectl-ssomap add/remove/list`
processes on ARNs of their own while a fault thread keeps >= FAULT_SHARE of the API server's
requests faulted (5xx with Retry-After, 500s, connection resets, delays past the request
timeout, 409s on writes) and a rival writer keeps appending its own entries with
`kubectl replace` (a conditional PUT, as an operator's tool would).

At the end aws-auth must equal the model: each ARN mapped exactly when the last operation on it
that reported "applied" (exit 0) was an add — an ARN whose last operation reported the outcome
unknown (exit 5) may be either — nothing the rival wrote is lost, the node role entry is
byte-identical, and every write has a backup that verifies."""
import json
import os
import random
import subprocess
import threading
import time

import yaml

EXIT_UNKNOWN = 5
NODE_ROLE = "arn:aws:iam::123456789999:role/eks-node-role"


def node_block(map_roles):
    """The exact text of the node role's entry: its `- rolearn:` line up to the next item."""
    lines = map_roles.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("- rolearn: " + NODE_ROLE))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("-")), len(lines))
    return "".join(lines[start:end])
FAULTS = [  # (weight, inject kwargs)
    (3, dict(method="*", action="status", status=503, retry_after=1)),
    (2, dict(method="*", action="status", status=500)),
    (2, dict(method="*", action="drop")),
    (2, dict(method="PUT", action="status", status=409)),
    (1, dict(method="GET", action="delay", delay=0.3)),
    (1, dict(method="PUT", action="delay", delay=2.5)),  # past --request-timeout: lands late
]


class Soak:
    def __init__(self, sb, binary, env, workers=8, ops=500, seed=11, fault_share=0.12,
                 deadline=600.0, arns_per_worker=3, request_timeout="2s"):
        self.sb, self.binary, self.env = sb, binary, env
        self.workers, self.ops, self.seed = workers, ops, seed
        self.fault_share, self.deadline = fault_share, deadline
        self.arns_per_worker, self.request_timeout = arns_per_worker, request_timeout
        self.results = []      # (worker, op, arn, exit, stdout, stderr)
        self.rival = []        # ARNs whose kubectl replace reported success
        self.faults_hit = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()

    # ---- the workers ------------------------------------------------------------------------
    def arn(self, w, k):
        return "arn:aws:iam::123456789999:role/soak-w%d-%d" % (w, k)

    def worker(self, w, count, end):
        rng = random.Random(self.seed * 1000 + w)
        for i in range(count):
            if time.monotonic() > end:
                return
            arn = self.arn(w, rng.randrange(self.arns_per_worker))
            roll = rng.random()
            if roll < 0.45:
                op, args = "add", ["add", "--arn", arn, "--group", "soak-%d" % w]
            elif roll < 0.8:
                op, args = "remove", ["remove", "--arn", arn]
            else:
                op, args = "list", ["list", "-o", "json"]
            try:
                r = subprocess.run([self.binary, "--request-timeout", self.request_timeout,
                                    *args], env=self.env, capture_output=True, text=True,
                                   timeout=120)
                code, out, err = r.returncode, r.stdout, r.stderr
            except subprocess.TimeoutExpired:  # killed: its outcome is unknown
                code, out, err = EXIT_UNKNOWN, "", "killed after 120 s"
            with self._lock:
                self.results.append((w, op, arn, code, out, err))

    # ---- the rival writer -------------------------------------------------------------------
    def rival_writer(self):
        """Read aws-auth and PUT it back with one more entry, conditioned on the resourceVersion
        read (what `kubectl replace` sends), over its own HTTPS connection as the admin: fast
        enough to win races against the workers, and faulted like them."""
        import http.client
        import ssl
        import urllib.parse
        url = urllib.parse.urlsplit(self.sb.cluster().state.endpoint)
        ctx = ssl.create_default_context(cafile=self.sb.env["AWS_CA_BUNDLE"])
        headers = {"Authorization": "Bearer " + self.sb.admin_token,
                   "Content-Type": "application/json", "Accept": "application/json"}
        path = "/api/v1/namespaces/kube-system/configmaps/aws-auth"
        k = 0
        for _ in range(100_000):
            if self._stop.is_set():
                return
            try:
                conn = http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=5)
                conn.request("GET", path, headers=headers)
                got = conn.getresponse()
                body = got.read()
                if got.status != 200:
                    continue
                cm = json.loads(body)
                arn = "arn:aws:iam::123456789999:role/rival-%d" % k
                cm["data"]["mapRoles"] = cm["data"].get("mapRoles", "") + (
                    "- rolearn: %s\n  username: rival\n  groups:\n    - rivals\n" % arn)
                conn.request("PUT", path, body=json.dumps(cm), headers=headers)
                put = conn.getresponse()
                put.read()
                if put.status == 200:
                    with self._lock:
                        self.rival.append(arn)
                    k += 1
            except (OSError, http.client.HTTPException, ValueError):
                pass  # a fault: try again
            finally:
                conn.close()
            time.sleep(0.25)

    # ---- the faults -------------------------------------------------------------------------
    def fault_injector(self):
        rng = random.Random(self.seed)
        weights = [w for w, _ in FAULTS]
        while not self._stop.is_set():
            served = len(self.sb.requests("kube"))
            hit = sum(f["hits"] for f in self.sb.faults.list())
            if hit < self.fault_share * max(served, 1) + 1:
                _, kwargs = rng.choices(FAULTS, weights)[0]
                self.sb.inject_fault("kube", path="aws-auth", count=1, **kwargs)
            time.sleep(0.02)

    # ---- the run ----------------------------------------------------------------------------
    def run(self):
        self.node_text = node_block(self.sb.aws_auth()["mapRoles"])
        end = time.monotonic() + self.deadline
        per = -(-self.ops // self.workers)
        threads = [threading.Thread(target=self.worker, args=(w, per, end))
                   for w in range(self.workers)]
        helpers = [threading.Thread(target=self.rival_writer),
                   threading.Thread(target=self.fault_injector)]
        started = time.monotonic()
        for t in helpers + threads:
            t.start()
        for t in threads:
            t.join()
        self._stop.set()
        for t in helpers:
            t.join()
        self.faults_hit = sum(f["hits"] for f in self.sb.faults.list())
        self.served = len(self.sb.requests("kube"))
        self.sb.clear_faults()
        time.sleep(3)  # a delayed PUT still in the server lands now
        self.seconds = time.monotonic() - started
        return self

    # ---- the verdict ------------------------------------------------------------------------
    def model(self):
        """ARN -> True (mapped), False (not mapped) or None (unknown), from the reports."""
        state = {}
        for w, op, arn, code, out, err in self.results:  # per worker in order; ARNs are private
            if op == "list":
                continue
            if code == 0:
                state[arn] = (op == "add")
            elif code == EXIT_UNKNOWN:
                state[arn] = None
        return state

    def problems(self, final, backups_dir):
        out = []
        roles = yaml.safe_load(final.get("mapRoles") or "") or []
        mapped = {}
        for e in roles:
            arn = str(e.get("rolearn", "")).lower()
            mapped[arn] = mapped.get(arn, 0) + 1
        for arn, want in self.model().items():
            have = mapped.get(arn.lower(), 0)
            if want is True and have != 1:
                out.append("%s reported applied (mapped) but is mapped %d times" % (arn, have))
            if want is False and have != 0:
                out.append("%s reported applied (removed) but is mapped %d times" % (arn, have))
            if want is None and have > 1:
                out.append("%s is mapped %d times" % (arn, have))
        for arn in self.rival:
            if mapped.get(arn.lower(), 0) != 1:
                out.append("the rival's %s was lost" % arn)
        if self.node_text not in (final.get("mapRoles") or ""):
            out.append("the node role entry changed")
        for w, op, arn, code, stdout, stderr in self.results:
            if code != 0 or op == "list" or "unchanged" in stdout:
                continue
            paths = [line.split(": ", 1)[1] for line in stderr.splitlines()
                     if line.startswith("backup of the previous aws-auth: ")]
            if len(paths) != 1 or not os.path.exists(paths[0]):
                out.append("%s %s reported applied without a backup" % (op, arn))
        return out

    def summary(self):
        codes = {}
        for r in self.results:
            codes[r[3]] = codes.get(r[3], 0) + 1
        return {"workers": self.workers, "operations": len(self.results),
                "by_exit_code": codes, "kube_requests": self.served,
                "faults": self.faults_hit,
                "fault_share": round(self.faults_hit / max(self.served, 1), 3),
                "rival_writes": len(self.rival), "seconds": round(self.seconds, 1)}
