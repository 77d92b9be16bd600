#!/usr/bin/python3
"""Benchmark: `kubectl-ssomap token` against `aws eks get-token` — the token alone, and a real
kubectl sign-in (`kubectl auth whoami`) through each as the kubeconfig user's exec — same sandbox,
same profile, alternating in one run; median wall and CPU time, peak RSS.

    /usr/bin/python3 bench/signin.py [--bin build/plugin/kubectl-ssomap] [--runs 15]
                                    [--profile ci-bot] [--aws /usr/bin/aws]

Not a test: it prints figures. kubectl runs an exec once per invocation (it keeps the credential
in memory only), so every kubectl command a user types pays one exec: that is the cost compared.
The profile is `ci-bot` (static keys, mapped in aws-auth as `ci-bot`); `--profile test-profile`
uses the IAM Identity Center sign-in, whose role credentials both tools read from the shared
~/.aws/cli/cache after the warm-up (map its role first to time the kubectl rows).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import benchlib
from sandbox import Sandbox  # noqa: E402  (benchlib puts tests/sandbox on sys.path)

V1BETA1 = "client.authentication.k8s.io/v1beta1"


def exec_user(env, name, command, args, profile):
    argv = ["kubectl", "config", "set-credentials", name, "--exec-api-version", V1BETA1,
            "--exec-command", command, "--exec-env", "AWS_PROFILE=" + profile]
    for a in args:
        argv += ["--exec-arg", a]
    for cmd in (argv, ["kubectl", "config", "set-context", name, "--cluster", "dev",
                       "--user", name]):
        subprocess.run(cmd, env=env, check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=benchlib.DEFAULT_BIN)
    ap.add_argument("--aws", default="/usr/bin/aws")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--profile", default="ci-bot")
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="ssomap-bench-")
    sb = Sandbox.start(os.path.join(workdir, "eksbox"))
    try:
        env = dict(sb.env)
        env["PATH"] = "%s:%s:%s" % (os.path.dirname(os.path.abspath(args.bin)),
                                    os.path.dirname(args.aws), env.get("PATH", "/usr/bin:/bin"))
        env["KUBECONFIG"] = os.path.join(workdir, "config")
        shutil.copy(os.path.join(sb.dir, ".kube", "config"), env["KUBECONFIG"])
        region = env.get("AWS_DEFAULT_REGION", "us-east-2")
        exec_user(env, "via-aws", os.path.basename(args.aws),
                  ["--region", region, "eks", "get-token", "--cluster-name", "dev", "--output",
                   "json"], args.profile)
        exec_user(env, "via-ssomap", "kubectl-ssomap",
                  ["token", "--region", region, "--cluster-name", "dev"], args.profile)
        token = ["--cluster-name", "dev", "--region", region, "--profile", args.profile]
        tools = {
            "aws eks get-token": [args.aws, "eks", "get-token", *token, "--output", "json"],
            "kubectl-ssomap token": [args.bin, "token", *token],
            "kubectl auth whoami (exec aws)": ["kubectl", "auth", "whoami", "--context", "via-aws"],
            "kubectl auth whoami (exec kubectl-ssomap)":
                ["kubectl", "auth", "whoami", "--context", "via-ssomap"],
        }
        for argv in tools.values():  # warm-up: page cache, SSO role-credential caches
            benchlib.measure(argv, env)
        samples = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, argv in tools.items():
                samples[name].append(benchlib.measure(argv, env))
        print("profile %s, %d runs each, alternating; %s" % (args.profile, args.runs,
                                                            benchlib.machine()))
        print("%-42s %10s %10s %10s %13s" % ("", "median ms", "min ms", "CPU ms", "peak RSS MiB"))
        med = {}
        for name, runs in samples.items():
            med[name] = benchlib.median(runs, "wall")
            print("%-42s %10.1f %10.1f %10.1f %13.1f" % (
                name, med[name] * 1000, min(s.wall for s in runs) * 1000,
                benchlib.median(runs, "cpu") * 1000, benchlib.peak(runs) / 1024))
        print("token: aws / kubectl-ssomap = %.1fx" % (med["aws eks get-token"] /
                                                       med["kubectl-ssomap token"]))
        print("a kubectl command's sign-in: exec aws / exec kubectl-ssomap = %.1fx" % (
            med["kubectl auth whoami (exec aws)"] /
            med["kubectl auth whoami (exec kubectl-ssomap)"]))
    finally:
        sb.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
