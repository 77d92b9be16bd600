"""Shared pieces of the benchmarks in bench/ (not a benchmark itself).

Each figure is one child process: wall time from this process's clock, CPU time (user + sys)
and peak RSS from the rusage that wait4(2) returns for it. The child is run under GNU time
(`/usr/bin/time -f %M`): ru_maxrss of a process forked straight from Python would keep the
high-water mark of Python's own pages (Linux carries it across exec), while GNU time is a small
C program, so its child's maximum is the tool's own. wait4 on `time` includes the CPU of the
tool it waited for (RUSAGE_BOTH), plus well under 1 ms of `time` itself.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sandbox"))

GNU_TIME = "/usr/bin/time"
DEFAULT_BIN = str(ROOT / "build" / "plugin" / "kubectl-ssomap")


class Sample:
    __slots__ = ("wall", "cpu", "rss_kib")

    def __init__(self, wall, cpu, rss_kib):
        self.wall, self.cpu, self.rss_kib = wall, cpu, rss_kib


def measure(argv, env, stdout=None, stdin=None, cwd=None):
    """Run argv once; a Sample (seconds, seconds, KiB). Exits the benchmark if it fails.
    `stdout`: an open file to receive the output (default: discarded)."""
    if not os.path.exists(GNU_TIME):
        sys.exit("GNU time is missing: apt-get install time (scripts/install-deps installs it)")
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([GNU_TIME, "-f", "%M", *argv], env=env, cwd=cwd,
                                stdin=stdin if stdin is not None else subprocess.DEVNULL,
                                stdout=stdout if stdout is not None else subprocess.DEVNULL,
                                stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.exit("%s failed (exit %d):\n%s" % (" ".join(argv), proc.returncode, text))
    return Sample(wall, ru.ru_utime + ru.ru_stime, int(text.strip().splitlines()[-1]))


def median(samples, attr):
    return statistics.median(getattr(s, attr) for s in samples)


def peak(samples):
    return max(s.rss_kib for s in samples)


def role_entries(count, account="123456789999"):
    """mapRoles text: the seed's node role, then `count - 1` team roles shaped like the ones
    administrators map (path-less ARN, a {{SessionName}} username, one group)."""
    lines = ["# Node role: never drop this entry, the nodes join with it.",
             "- rolearn: arn:aws:iam::%s:role/eks-node-role" % account,
             "  username: system:node:{{EC2PrivateDNSName}}",
             "  groups:",
             "    - system:bootstrappers",
             "    - system:nodes"]
    for i in range(count - 1):
        lines += ["- rolearn: arn:aws:iam::%s:role/AWSReservedSSO_Team%05d_%016x" % (account, i, i * 2654435761),
                  "  username: sso:Team%05d:{{SessionName}}" % i,
                  "  groups:",
                  "    - team-%05d" % i]
    return "\n".join(lines) + "\n"


def seed_aws_auth(sb, roles_text=None, ci_bot_admin=False):
    """aws-auth data as the world seeds it, optionally with another mapRoles text, and with the
    IAM user ci-bot (mapUsers) also in group system:masters: the cluster's IAM administrator."""
    data = dict(sb.cluster().state.spec.get("aws_auth") or {})
    if roles_text is not None:
        data["mapRoles"] = roles_text
    if ci_bot_admin:
        users = data["mapUsers"]
        assert "    - ci-deployers\n" in users, users
        data["mapUsers"] = users.replace("    - ci-deployers\n",
                                         "    - ci-deployers\n    - system:masters\n")
    return data


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s, %d CPUs" % (cpu, os.cpu_count() or 0)
