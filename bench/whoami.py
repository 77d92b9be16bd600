#!/usr/bin/python3
"""Benchmark: `kubectl ssomap whoami` against `aws sts get-caller-identity`, same sandbox STS, same
credentials, alternating in one run; median wall time of N runs each and peak RSS of each.

    /usr/bin/python3 bench/whoami.py [--bin build/plugin/kubectl-ssomap] [--runs 15] [--profile ci-bot]

Not a test: it prints figures. Both tools use the `ci-bot` static keys by default (or an SSO
profile, whose role credentials both read from the shared ~/.aws/cli/cache after the warm-up).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sandbox"))
from sandbox import Sandbox  # noqa: E402


def measure(argv, env):
    """(wall seconds, peak RSS KiB) of one run. RSS comes from /usr/bin/time (GNU time's %M): the
    rusage of a child forked from this Python process would count Python's own pages."""
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit("%s failed: %s" % (" ".join(argv), proc.stderr))
    return wall, int(proc.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "build" / "plugin" / "kubectl-ssomap"))
    ap.add_argument("--aws", default="/usr/bin/aws")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--profile", default="ci-bot")
    ap.add_argument("--kubectl", action="store_true", help="also time `kubectl ssomap whoami` via plugin lookup")
    ap.add_argument("--nodelay", action="store_true",
                    help="no-op, kept for old command lines: the sandbox now always sets TCP_NODELAY")
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="ssomap-bench-")
    sb = Sandbox.start(workdir)
    try:
        env = dict(sb.env)
        bindir = str(Path(args.bin).resolve().parent)
        env["PATH"] = bindir + ":" + env.get("PATH", "/usr/bin:/bin")
        tools = {
            "kubectl-ssomap whoami": [args.bin, "whoami", "--profile", args.profile],
            "aws sts get-caller-identity": [args.aws, "sts", "get-caller-identity", "--profile", args.profile],
        }
        # The floor: one unsigned TLS POST to the same STS with curl(1), which the sandbox answers
        # with an error after the same TLS handshake; it shows how much of each figure is the server.
        tools["curl POST (server floor)"] = ["curl", "-s", "-o", "/dev/null", "--cacert", env["AWS_CA_BUNDLE"],
                                             "-X", "POST", sb.url("sts") + "/"]
        if args.kubectl:
            tools["kubectl ssomap whoami"] = ["kubectl", "ssomap", "whoami", "--profile", args.profile]
        for argv in tools.values():  # warm-up: page cache, SSO role-credential caches
            measure(argv, env)
        samples = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, argv in tools.items():
                samples[name].append(measure(argv, env))
        print("profile %s, %d runs each, alternating, sandbox STS %s" % (args.profile, args.runs, sb.url("sts")))
        print("%-30s %12s %12s %14s" % ("tool", "median ms", "min ms", "peak RSS MiB"))
        medians = {}
        for name, runs in samples.items():
            walls = [w for w, _ in runs]
            medians[name] = statistics.median(walls)
            print("%-30s %12.1f %12.1f %14.1f" % (name, medians[name] * 1000, min(walls) * 1000,
                                                  max(r for _, r in runs) / 1024))
        ratio = medians["aws sts get-caller-identity"] / medians["kubectl-ssomap whoami"]
        print("wall-time ratio aws / kubectl-ssomap: %.1fx (target >= 20x)" % ratio)
        if args.kubectl:
            print("via kubectl: %.1fx" % (medians["aws sts get-caller-identity"] / medians["kubectl ssomap whoami"]))
    finally:
        sb.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
