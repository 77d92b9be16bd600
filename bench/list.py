#!/usr/bin/python3
"""Benchmark: `kubectl ssomap list` against `kubectl get cm aws-auth -n kube-system -o yaml` on an
aws-auth with 5,000 mapRoles entries (about 750 KB, near the 1 MiB ConfigMap limit), both with
the static-token `admin` context, alternating in one run; median wall time of N runs each and
peak RSS. Targets: kubectl-ssomap at most 0.5x kubectl's wall time and at most 0.5x its peak RSS.

    /usr/bin/python3 bench/list.py [--bin build/plugin/kubectl-ssomap] [--runs 15] [--entries 5000]

Rows: the plugin binary run directly (as krew puts it on PATH: `kubectl-ssomap list`), the same
through kubectl's plugin dispatch (`kubectl ssomap list`, which adds kubectl's own start-up and
memory), `-o json`, and kubectl. Not a test: it prints figures.
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import benchlib
from benchlib import measure, median, peak
from sandbox import Sandbox  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=benchlib.DEFAULT_BIN)
    ap.add_argument("--kubectl", default=shutil.which("kubectl") or "/usr/bin/kubectl")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--entries", type=int, default=5000)
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="ssomap-bench-list-")
    sb = Sandbox.start(workdir)
    try:
        env = dict(sb.env)
        binary = str(Path(args.bin).resolve())
        env["PATH"] = str(Path(binary).parent) + ":" + env.get("PATH", "/usr/bin:/bin")
        data = benchlib.seed_aws_auth(sb, roles_text=benchlib.role_entries(args.entries))
        sb.put_configmap(data)
        size = sum(len(v.encode()) for v in data.values())
        # Sanity (untimed): the plugin sees every entry.
        out = subprocess.run([binary, "list"], env=env, capture_output=True, text=True, check=True).stdout
        listed = sum(1 for line in out.splitlines() if line.startswith("mapRoles"))
        if listed != args.entries:
            sys.exit("kubectl-ssomap list showed %d mapRoles rows, expected %d" % (listed, args.entries))

        tools = {
            "kubectl-ssomap list": [binary, "list"],
            "kubectl get cm aws-auth -o yaml": [args.kubectl, "get", "cm", "aws-auth", "-n", "kube-system", "-o", "yaml"],
            "kubectl-ssomap list -o json": [binary, "list", "-o", "json"],
            "kubectl ssomap list (dispatch)": [args.kubectl, "ssomap", "list"],
        }
        for argv in tools.values():  # warm-up
            measure(argv, env)
        samples = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, argv in tools.items():
                samples[name].append(measure(argv, env))

        print("list: aws-auth with %d mapRoles entries (%d bytes of data), static-token admin context, "
              "%d runs each, alternating; %s" % (args.entries, size, args.runs, benchlib.machine()))
        print("%-34s %10s %10s %10s %13s" % ("", "median ms", "min ms", "CPU ms", "peak RSS MiB"))
        for name, runs in samples.items():
            print("%-34s %10.1f %10.1f %10.1f %13.1f" % (name, median(runs, "wall") * 1000,
                                                       min(s.wall for s in runs) * 1000,
                                                       median(runs, "cpu") * 1000, peak(runs) / 1024))
        ref = samples["kubectl get cm aws-auth -o yaml"]
        for name in ("kubectl-ssomap list", "kubectl-ssomap list -o json", "kubectl ssomap list (dispatch)"):
            wall = median(samples[name], "wall") / median(ref, "wall")
            rss = peak(samples[name]) / peak(ref)
            print("%-30s / kubectl: wall %.2fx (target <= 0.5x: %s), peak RSS %.2fx (target <= 0.5x: %s)" % (
                name, wall, "met" if wall <= 0.5 else "MISSED", rss, "met" if rss <= 0.5 else "MISSED"))
    finally:
        sb.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
