#!/usr/bin/python3
"""Benchmark (issue 11 §5): peak RSS and wall time of `kubectl-ssomap whoami` with a 50 MB
~/.aws/config, for two builds (before/after) and the AWS CLI as the reference.

    /usr/bin/python3 bench/big_aws_config.py [--bin build/plugin/kubectl-ssomap]
        [--before /work/main/build/plugin/kubectl-ssomap] [--mb 50] [--aws /usr/bin/aws]

Not a test: it prints figures. The file holds unique `[profile fillerN]` sections (valid INI, so
a build that reads it whole parses all of it); STS points at a closed loopback port so no run
waits on a network. A run may exit non-zero (ours refuses a file over 16 MiB): what is measured
is what it cost to get there.
"""
import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

GNU_TIME = "/usr/bin/time"
ROOT = Path(__file__).resolve().parents[1]


def measure(argv, env):
    started = time.perf_counter()
    proc = subprocess.run([GNU_TIME, "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=900)
    wall = time.perf_counter() - started
    lines = proc.stderr.strip().splitlines()
    return wall, int(lines[-1]), proc.returncode, (lines[-2] if len(lines) > 1 else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "build" / "plugin" / "kubectl-ssomap"))
    ap.add_argument("--before", default="/work/main/build/plugin/kubectl-ssomap")
    ap.add_argument("--aws", default="")
    ap.add_argument("--mb", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config"
        with open(config, "w") as f:
            i = 0
            while f.tell() < args.mb * 1024 * 1024:
                f.write("".join(f"[profile filler{j}]\nregion = us-east-1\n" for j in range(i, i + 10000)))
                i += 10000
        env = dict(os.environ, HOME=tmp, AWS_CONFIG_FILE=str(config),
                   AWS_SHARED_CREDENTIALS_FILE=str(Path(tmp) / "credentials"),
                   AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY="x" * 40,
                   AWS_ENDPOINT_URL_STS="https://127.0.0.1:9", AWS_MAX_ATTEMPTS="1")
        print(f"~/.aws/config: {config.stat().st_size / 1e6:.1f} MB, {i} profiles")
        runs = [("before", [args.before, "whoami", "--profile", "filler1", "--request-timeout", "5s"]),
                ("after", [args.bin, "whoami", "--profile", "filler1", "--request-timeout", "5s"])]
        if args.aws:
            runs.append(("aws CLI", [args.aws, "configure", "get", "region", "--profile", "filler1"]))
        for name, argv in runs:
            if not os.path.exists(argv[0]):
                print(f"{name:8} (missing {argv[0]})")
                continue
            wall, rss, rc, last = measure(argv, env)
            print(f"{name:8} peak RSS {rss / 1024:8.1f} MiB  wall {wall:6.2f} s  exit {rc}  {last[:110]}")


if __name__ == "__main__":
    main()
