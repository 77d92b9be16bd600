#!/usr/bin/python3
"""Benchmark: `kubectl ssomap add --profile test-profile --admin` end to end against the manual
procedure of the AWS article, on the same sandbox, alternating in one run; median wall time of N
rounds each, their ratio (target: ssomap at least 30x faster) and peak RSS.

    /usr/bin/python3 bench/add.py [--bin build/plugin/kubectl-ssomap] [--rounds 11]

Both run as the same cluster administrator, the way the article's administrator works: an IAM
identity (here the IAM user ci-bot, static keys, given system:masters in aws-auth) whose kubeconfig
user is an exec of `aws --region us-east-2 eks get-token --cluster-name dev` (context
`iam-admin`, made current). kubectl runs that exec once per invocation; kubectl-ssomap makes the
same EKS token natively from the exec's profile.

The manual procedure, timed command by command (the person's editing is not timed; the edit is
done here in Python):
  1. aws sts get-caller-identity --profile test-profile     (who am I, cut the role name out)
  2. aws sts get-caller-identity --profile test-profile     (again: the article runs it twice)
  3. kubectl get configmap aws-auth -n kube-system -o yaml > aws-auth.yaml
  4. kubectl apply -f aws-auth.yaml                          (with the new mapRoles entry)

Before every run of either tool, aws-auth is reset to the same seed, so every `add` really writes.
After every run the mapping is checked (untimed). Not a test: it prints figures.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

import benchlib
from benchlib import measure, median, peak
from sandbox import Sandbox  # noqa: E402  (benchlib puts tests/sandbox on sys.path)

ROLE_ARN = "arn:aws:iam::123456789999:role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"


def make_admin_context(env, kubectl):
    """Context iam-admin: cluster dev, user iam-admin = exec `aws eks get-token` as ci-bot."""
    def run(*args):
        subprocess.run([kubectl, "config", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    run("set-credentials", "iam-admin",
        "--exec-api-version=client.authentication.k8s.io/v1beta1", "--exec-command=aws",
        "--exec-arg=--region,us-east-2,eks,get-token,--cluster-name,dev,--output,json",
        "--exec-env=AWS_PROFILE=ci-bot")
    run("set-context", "iam-admin", "--cluster=dev", "--user=iam-admin")
    run("use-context", "iam-admin")


def manual(env, aws, kubectl, workdir):
    """The article's procedure; ([Sample per step], total wall)."""
    steps = []
    for _ in range(2):
        out = Path(workdir, "identity.json")
        with open(out, "wb") as f:
            steps.append(measure([aws, "sts", "get-caller-identity", "--profile", "test-profile"], env, stdout=f))
    assumed = json.loads(out.read_text())["Arn"]    # arn:aws:sts::ACCT:assumed-role/NAME/SESSION
    account, role = assumed.split(":")[4], assumed.split("/")[1]
    role_arn = "arn:aws:iam::%s:role/%s" % (account, role)
    manifest = Path(workdir, "aws-auth.yaml")
    with open(manifest, "wb") as f:
        steps.append(measure([kubectl, "get", "configmap", "aws-auth", "-n", "kube-system", "-o", "yaml"],
                             env, stdout=f))
    cm = yaml.safe_load(manifest.read_text())      # the person's edit in their editor
    cm["data"]["mapRoles"] = cm["data"].get("mapRoles", "") + (
        "- rolearn: %s\n  username: admin:{{SessionName}}\n  groups:\n    - system:masters\n" % role_arn)
    manifest.write_text(yaml.safe_dump(cm, default_flow_style=False))
    steps.append(measure([kubectl, "apply", "-f", str(manifest)], env))
    return steps, sum(s.wall for s in steps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=benchlib.DEFAULT_BIN)
    ap.add_argument("--aws", default="/usr/bin/aws")
    ap.add_argument("--kubectl", default=shutil.which("kubectl") or "/usr/bin/kubectl")
    ap.add_argument("--rounds", type=int, default=11)
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="ssomap-bench-add-")
    sb = Sandbox.start(workdir)
    try:
        env = dict(sb.env)
        binary = str(Path(args.bin).resolve())
        env["PATH"] = str(Path(binary).parent) + ":" + env.get("PATH", "/usr/bin:/bin")
        make_admin_context(env, args.kubectl)
        seed = benchlib.seed_aws_auth(sb, ci_bot_admin=True)

        def reset():
            sb.put_configmap(dict(seed))

        def check():
            roles = sb.aws_auth().get("mapRoles", "")
            if roles.count(ROLE_ARN) != 1:
                sys.exit("the mapping was not written once:\n" + roles)

        ssomap_argv = {
            "kubectl ssomap add": [args.kubectl, "ssomap", "add", "--profile", "test-profile", "--admin"],
            "kubectl-ssomap add": [binary, "add", "--profile", "test-profile", "--admin"],
        }
        step_names = ["aws sts get-caller-identity", "aws sts get-caller-identity (2nd)",
                      "kubectl get cm -o yaml (+exec)", "kubectl apply -f (+exec)"]
        # Warm-up: page cache, the AWS CLI's SSO role-credential cache, plugin lookup.
        for argv in ssomap_argv.values():
            reset(); measure(argv, env, cwd=workdir); check()
        reset(); manual(env, args.aws, args.kubectl, workdir); check()

        # kubectl's own start-up before it execs a plugin: the floor of any `kubectl ssomap ...`.
        floors = {"kubectl ssomap version": [args.kubectl, "ssomap", "version"],
                  "kubectl-ssomap version": [binary, "version"]}
        floor_samples = {name: [] for name in floors}
        totals = {name: [] for name in ["manual procedure", *ssomap_argv]}
        per_step = [[] for _ in step_names]
        for _ in range(args.rounds):
            reset()
            steps, _total = manual(env, args.aws, args.kubectl, workdir)
            check()
            for i, s in enumerate(steps):
                per_step[i].append(s)
            totals["manual procedure"].append(benchlib.Sample(sum(s.wall for s in steps),
                                                              sum(s.cpu for s in steps),
                                                              max(s.rss_kib for s in steps)))
            for name, argv in ssomap_argv.items():
                reset()
                totals[name].append(measure(argv, env, cwd=workdir))
                check()
            for name, argv in floors.items():
                floor_samples[name].append(measure(argv, env))

        print("add end to end: %d rounds each, alternating, aws-auth reset before every run; %s" % (
            args.rounds, benchlib.machine()))
        print("admin context iam-admin: exec `aws eks get-token` as IAM user ci-bot (system:masters)")
        print("%-36s %10s %10s %10s %13s" % ("", "median ms", "min ms", "CPU ms", "peak RSS MiB"))
        for name, samples in zip(step_names, per_step):
            print("  %-34s %10.1f %10.1f %10.1f %13.1f" % (name, median(samples, "wall") * 1000,
                                                         min(s.wall for s in samples) * 1000,
                                                         median(samples, "cpu") * 1000, peak(samples) / 1024))
        for name, samples in totals.items():
            print("%-36s %10.1f %10.1f %10.1f %13.1f" % (name, median(samples, "wall") * 1000,
                                                       min(s.wall for s in samples) * 1000,
                                                       median(samples, "cpu") * 1000, peak(samples) / 1024))
        for name, samples in floor_samples.items():
            print("%-36s %10.1f %10.1f %10.1f %13.1f" % ("floor: " + name, median(samples, "wall") * 1000,
                                                       min(s.wall for s in samples) * 1000,
                                                       median(samples, "cpu") * 1000, peak(samples) / 1024))
        manual_ms = median(totals["manual procedure"], "wall")
        for name in ssomap_argv:
            ratio = manual_ms / median(totals[name], "wall")
            print("wall-time ratio manual / %s: %.1fx (target >= 30x: %s)" % (
                name, ratio, "met" if ratio >= 30 else "MISSED"))
        print("best possible through kubectl's dispatch (a plugin costing nothing): %.1fx" % (
            manual_ms / median(floor_samples["kubectl ssomap version"], "wall")))
        print("peak RSS (largest single process; kubectl's includes its exec child): manual %.1f MiB, "
              "kubectl ssomap %.1f MiB, kubectl-ssomap %.1f MiB" % (
                  peak(totals["manual procedure"]) / 1024, peak(totals["kubectl ssomap add"]) / 1024,
                  peak(totals["kubectl-ssomap add"]) / 1024))
    finally:
        sb.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
