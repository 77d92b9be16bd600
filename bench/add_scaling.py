#!/usr/bin/python3
"""Benchmark: the cost of `kubectl-ssomap add --profile test-profile --admin` as aws-auth grows
(100, 500, 1,000, 2,000, 5,000 mapRoles entries; 5,000 is about 750 KB, near the 1 MiB ConfigMap
limit). Targets: cost linear in the size, and under 100 ms of CPU at 5,000 entries.

    /usr/bin/python3 bench/add_scaling.py [--bin build/plugin/kubectl-ssomap] [--rounds 7]
                                          [--sizes 100,500,1000,2000,5000]

Per size: median wall time and median CPU time (user + sys of the plugin process, from wait4) of
`rounds` runs, aws-auth reset to the N-entry seed before each, with the static-token `admin`
context (so no exec or token cost is mixed in). Sizes are interleaved round by round. The CPU of
`kubectl-ssomap version` (process start-up: dynamic loading, static initialisers) is the floor.
Linearity: a least-squares line CPU = a + b*N with its R^2 (at least 0.98), and the marginal CPU
per entry between consecutive sizes, which stays near b when the cost is linear and grows past
it when it is not (at most 2.5 b).

`--local` also times the same edit without the network: `add -f FILE --local --arn ARN --admin`
on a manifest saved from `kubectl get cm aws-auth -o yaml` (skipped if the binary refuses it).
Not a test: it prints figures.
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

ROLE_ARN = "arn:aws:iam::123456789999:role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7"


def fit(xs, ys):
    """Least squares y = a + b x; (a, b, r2)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def report_scaling(title, sizes, walls, cpus, rss, floor_cpu):
    print(title)
    print("%8s %10s %10s %14s %13s %16s" % ("entries", "wall ms", "CPU ms", "CPU-floor ms", "peak RSS MiB",
                                            "marginal us/entry"))
    prev = None
    for n in sizes:
        marginal = ""
        if prev is not None:
            marginal = "%.1f" % ((cpus[n] - cpus[prev]) / (n - prev) * 1e6)
        print("%8d %10.1f %10.1f %14.1f %13.1f %16s" % (n, walls[n] * 1000, cpus[n] * 1000,
                                                       (cpus[n] - floor_cpu) * 1000, rss[n] / 1024, marginal))
        prev = n
    a, b, r2 = fit(sizes, [cpus[n] for n in sizes])
    print("least squares: CPU = %.1f ms + %.2f us x entries, R^2 = %.4f" % (a * 1000, b * 1e6, r2))
    aw, bw, r2w = fit(sizes, [walls[n] for n in sizes])
    print("               wall = %.1f ms + %.2f us x entries, R^2 = %.4f" % (aw * 1000, bw * 1e6, r2w))
    return a, b, r2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=benchlib.DEFAULT_BIN)
    ap.add_argument("--kubectl", default=shutil.which("kubectl") or "/usr/bin/kubectl")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--sizes", default="100,500,1000,2000,5000")
    ap.add_argument("--local", action="store_true", help="also time the offline edit of a manifest file")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    workdir = tempfile.mkdtemp(prefix="ssomap-bench-scaling-")
    sb = Sandbox.start(workdir)
    try:
        env = dict(sb.env)
        binary = str(Path(args.bin).resolve())
        seeds = {n: benchlib.seed_aws_auth(sb, roles_text=benchlib.role_entries(n)) for n in sizes}
        argv = [binary, "add", "--profile", "test-profile", "--admin"]

        def reset(n):
            sb.put_configmap(dict(seeds[n]))

        def check(n):
            roles = sb.aws_auth().get("mapRoles", "")
            if roles.count(ROLE_ARN) != 1 or roles.count("- rolearn:") != n + 1:
                sys.exit("add at %d entries did not leave %d entries with the new one once" % (n, n + 1))

        manifests = {}
        if args.local:
            for n in sizes:
                reset(n)
                path = Path(workdir, "aws-auth-%d.yaml" % n)
                with open(path, "wb") as f:
                    subprocess.run([args.kubectl, "get", "cm", "aws-auth", "-n", "kube-system", "-o", "yaml"],
                                   env=env, stdout=f, check=True)
                manifests[n] = path
            probe = subprocess.run([binary, "add", "-f", str(manifests[sizes[0]]), "--local", "--arn", ROLE_ARN,
                                    "--admin"], env=env, capture_output=True, text=True)
            if probe.returncode != 0:
                print("--local skipped: this binary refuses the manifest: %s" % next(
                    (l for l in probe.stderr.splitlines() if l.startswith("error")), probe.stderr.strip()))
                manifests = {}

        floor_argv = [binary, "version"]
        measure(floor_argv, env)
        for n in sizes:  # warm-up
            reset(n); measure(argv, env, cwd=workdir); check(n)
        live = {n: [] for n in sizes}
        local = {n: [] for n in manifests}
        floor = []
        for _ in range(args.rounds):
            floor.append(measure(floor_argv, env))
            for n in sizes:
                reset(n)
                live[n].append(measure(argv, env, cwd=workdir))
                check(n)
                if n in manifests:
                    local[n].append(measure([binary, "add", "-f", str(manifests[n]), "--local", "--arn", ROLE_ARN,
                                             "--admin"], env))

        floor_cpu = median(floor, "cpu")
        print("add as aws-auth grows: %d rounds per size, sizes interleaved, static-token admin context; %s" % (
            args.rounds, benchlib.machine()))
        print("start-up floor (kubectl-ssomap version): wall %.1f ms, CPU %.1f ms, peak RSS %.1f MiB" % (
            median(floor, "wall") * 1000, floor_cpu * 1000, peak(floor) / 1024))
        _, b, r2 = report_scaling(
            "live: kubectl-ssomap add --profile test-profile --admin (STS, GET, backup, PUT, GET)", sizes,
            {n: median(live[n], "wall") for n in sizes}, {n: median(live[n], "cpu") for n in sizes},
            {n: peak(live[n]) for n in sizes}, floor_cpu)
        big = max(sizes)
        cpu_big = median(live[big], "cpu")
        marg = [(median(live[y], "cpu") - median(live[x], "cpu")) / (y - x) for x, y in zip(sizes, sizes[1:])]
        # Super-linear cost shows as a marginal cost per entry that grows with the size, above the
        # fitted slope. (Steps between small sizes differ by a few ms of CPU, within the noise of
        # rusage, so a low marginal there says nothing.)
        flat = max(marg) <= 2.5 * b
        print("linear in the size: %s (R^2 %.4f; marginal CPU per entry from %.1f to %.1f us, slope %.1f us)" % (
            "yes" if r2 >= 0.98 and flat else "NO", r2, min(marg) * 1e6, max(marg) * 1e6, b * 1e6))
        print("CPU at %d entries: %.1f ms (target < 100 ms: %s)" % (big, cpu_big * 1000,
                                                                   "met" if cpu_big < 0.1 else "MISSED"))
        if local:
            report_scaling("offline: kubectl-ssomap add -f FILE --local --arn ARN --admin (no network)", sizes,
                           {n: median(local[n], "wall") for n in sizes}, {n: median(local[n], "cpu") for n in sizes},
                           {n: peak(local[n]) for n in sizes}, floor_cpu)
    finally:
        sb.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
