#!/usr/bin/python3
"""The release binary against the everyday (debugoptimized) one, side by side in one run
(issue 13): file size, archive size, and start-up time of `version` and of an offline `arn`,
measured with hyperfine (warm-up runs, then the mean, median and spread of many runs).

    bench/release.py [--runs N] [--release BIN] [--debug BIN]

Defaults: build-release/plugin/kubectl-ssomap (scripts/release builds it) and
build/plugin/kubectl-ssomap; the archive is dist/kubectl-ssomap_v*_linux_amd64.tar.gz."""
import argparse
import glob
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARN = ("arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
       "AWSReservedSSO_ViewOnlyAccess_9c1e4b7a3d5f6081")


def hyperfine(commands, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", str(runs),
                        "--export-json", out.name, *commands],
                       check=True, stdout=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin"})
        return json.load(open(out.name))["results"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--release", default=str(ROOT / "build-release" / "plugin" / "kubectl-ssomap"))
    ap.add_argument("--debug", default=str(ROOT / "build" / "plugin" / "kubectl-ssomap"))
    args = ap.parse_args()
    builds = {"release": args.release, "debugoptimized": args.debug}
    for name, path in builds.items():
        if not os.path.exists(path):
            sys.exit(f"{path} is missing ({name}): run scripts/release and scripts/build build")
    archives = sorted(glob.glob(str(ROOT / "dist" / "kubectl-ssomap_v*_linux_amd64.tar.gz")))
    print(f"{'':<26}{'release':>16}{'debugoptimized':>18}")
    sizes = [os.path.getsize(p) for p in builds.values()]
    print(f"{'binary size (MiB)':<26}{sizes[0] / 2**20:>16.2f}{sizes[1] / 2**20:>18.2f}")
    # The debugoptimized binary packed the same way (gzip -9 -n), for a like-for-like figure.
    packed = len(gzip.compress(Path(args.debug).read_bytes(), 9, mtime=0))
    if archives:
        print(f"{'archive size (MiB)':<26}{os.path.getsize(archives[-1]) / 2**20:>16.2f}"
              f"{packed / 2**20:>18.2f}  (debug: its binary gzip -9)")
    for label, argv in (("version", ["version"]), ("arn (offline)", ["arn", ARN])):
        cmds = [" ".join([p, *argv]) for p in builds.values()]
        results = hyperfine(cmds, args.runs)
        cells = [f"{r['median'] * 1e3:.2f} ± {r['stddev'] * 1e3:.2f}" for r in results]
        print(f"{label + ' median ms':<26}{cells[0]:>16}{cells[1]:>18}")


if __name__ == "__main__":
    main()
