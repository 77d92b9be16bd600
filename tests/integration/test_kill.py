"""SIGKILL at random points of add, remove and restore (issue 11 §9): aws-auth is always the old
or the new document, no partial backup is ever visible, and what a killed run left behind is
cleaned up by the next run. Bounded: KILL_ROUNDS rounds (env SSOMAP_KILL_ROUNDS), each with
its own deadline."""
import glob
import json
import os
import random
import signal
import subprocess
import time

import yaml

from cluster_support import ADMIN_ROLE, BIN_DIR, VIEW_ROLE
from restore_support import backup_env, listing

KILL_ROUNDS = int(os.environ.get("SSOMAP_KILL_ROUNDS", "24"))
SEED = int(os.environ.get("SSOMAP_KILL_SEED", "1130"))
EXTRA_ROLE = "arn:aws:iam::123456789999:role/kill-test-extra"


def run(env, *args, input=None, timeout=60):
    return subprocess.run([str(BIN_DIR / "kubectl-ssomap"), *args], env=env, input=input,
                          capture_output=True, text=True, timeout=timeout)


def expected_after(sandbox, env, tmp_path, args):
    """The document a completed run would write: the same edit in --local mode on the live
    manifest, or the backup's data for restore."""
    if args[0] == "restore":
        latest = listing(sandbox, env)["backups"]
        trusted = [b for b in latest if b["trusted"]]
        return json.load(open(trusted[0]["path"]))["configMap"]["data"] if trusted else None
    manifest = tmp_path / "live.yaml"
    manifest.write_text(sandbox.kubectl("get", "cm", "aws-auth", "-n", "kube-system",
                                        "-o", "yaml").stdout)
    r = run(env, *args, "-f", str(manifest), "--local")
    return yaml.safe_load(r.stdout)["data"] if r.returncode == 0 else None


def temp_files(root):
    return glob.glob(os.path.join(str(root), "**", ".*.tmp"), recursive=True)


def test_sigkill_at_random_points_leaves_the_old_or_the_new_document(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    rng = random.Random(SEED)
    root = tmp_path / "backups"
    env = backup_env(sandbox, root)
    ops = [["add", "--arn", ADMIN_ROLE, "--admin"],
           ["add", "--arn", EXTRA_ROLE, "--group", "extras"],
           ["remove", "--arn", ADMIN_ROLE],
           ["remove", "--arn", EXTRA_ROLE],
           ["add", "--arn", VIEW_ROLE, "--group", "viewers"]]
    started = time.monotonic()
    assert run(env, *ops[0]).returncode == 0  # at least one backup for restore
    whole_run = time.monotonic() - started  # kills land anywhere within about one run
    outcomes = {"old": 0, "new": 0}
    for round_ in range(KILL_ROUNDS):
        args = rng.choice(ops + [["restore", "latest", "--yes", "--force"]])
        before = sandbox.aws_auth()
        after = expected_after(sandbox, env, tmp_path, args)
        if rng.random() < 0.5:  # widen the window around the write itself
            sandbox.inject_fault("kube", "PUT", "aws-auth", count=1, action="delay",
                                 delay=rng.uniform(0.05, 0.3))
        proc = subprocess.Popen([str(BIN_DIR / "kubectl-ssomap"), *args], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 1.3 * whole_run))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        time.sleep(0.6)  # a delayed PUT already sent may still land
        sandbox.clear_faults()
        now = sandbox.aws_auth()
        assert now in (before, after), (round_, args)
        outcomes["old" if now == before else "new"] += 1
        # Every backup file visible is whole and verifies; temporaries are hidden dot-files.
        assert all(b["trusted"] for b in listing(sandbox, env)["backups"]), round_
    # The next run removes what killed runs left behind (their pids are gone).
    print("kill rounds", KILL_ROUNDS, outcomes)
    final = run(env, "add", "--arn", "arn:aws:iam::123456789999:role/kill-test-final", "--group",
                "final")
    assert final.returncode == 0, final.stderr
    assert temp_files(root) == []
