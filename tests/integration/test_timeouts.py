"""Issue 11 §6: every wait is bounded by what the user asked. --request-timeout bounds the whole
command (all tries together), not each try; the SSO refresh lock and exec credential plugins
draw on the same budget; the error says how long it waited and what would help. Outcomes and
messages are asserted here, never wall-clock times (those belong in bench/)."""
import datetime
import fcntl
import os
import re
import stat
from pathlib import Path

import yaml

from cluster_support import assert_one_line_error, plugin_env, ssomap
from whoami_support import home  # noqa: F401

MIN = datetime.timedelta(minutes=1)


def test_help_documents_the_whole_command_bound(sandbox):
    r = ssomap(sandbox, "whoami", "--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.split())
    assert "Time the whole command may wait" in text and "60s" in text
    assert "no limit" not in text


def test_a_silent_sts_gives_up_within_the_budget_and_says_so(home, sandbox):
    # Each of four tries used to get the whole 1s: the server delays every reply by 4s.
    sandbox.inject_fault("sts", "POST", path="^/$", count=20, action="delay", delay=4.0)
    r = home.ssomap("whoami", "--profile", "ci-bot", "--request-timeout", "1s")
    assert_one_line_error(r)
    assert re.search(r"^error: .*gave up on \S+ after [0-9.]+m?s and 1 try \(last: request to \S+ "
                     r"timed out after [0-9.]+m?s\): the command's time limit is 1s", r.stderr), r.stderr
    assert "hint: raise --request-timeout (e.g. --request-timeout 2s)" in r.stderr
    # "1 try": the first spent the budget; no second try was started.


def test_dropped_connections_are_retried_within_the_budget(home, sandbox):
    sandbox.inject_fault("sts", "POST", path="^/$", count=2, action="drop")
    r = home.ssomap("whoami", "--profile", "ci-bot", "--request-timeout", "20s")
    assert r.returncode == 0, r.stderr


def test_exec_plugin_is_stopped_at_the_deadline(sandbox, tmp_path):
    plugin = tmp_path / "slow-plugin"
    plugin.write_text("#!/bin/sh\nexec sleep 30\n")
    plugin.chmod(plugin.stat().st_mode | stat.S_IXUSR)
    config = yaml.safe_load(Path(sandbox.env["KUBECONFIG"]).read_text())
    admin = next(c for c in config["contexts"] if c["name"] == "admin")["context"]
    config["users"].append({"name": "slow", "user": {"exec": {
        "apiVersion": "client.authentication.k8s.io/v1beta1", "command": str(plugin),
        "interactiveMode": "Never"}}})
    config["contexts"].append({"name": "slow", "context": {"cluster": admin["cluster"], "user": "slow"}})
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(config))
    env = plugin_env(sandbox, KUBECONFIG=str(path))
    r = ssomap(sandbox, "list", "--context", "slow", "--request-timeout", "1s", env=env)
    assert_one_line_error(r)
    assert "did not finish within 1s, the command's time limit" in r.stderr, r.stderr
    assert "raise --request-timeout" in r.stderr


def test_sso_refresh_lock_waits_at_most_the_budget(home, sandbox):
    # A token inside the refresh window makes whoami take the lock; another holder keeps it.
    home.set_token_expiry("corp", 5 * MIN)
    token_file = home.token_file("corp")
    lock_path = Path(str(token_file) + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        r = home.ssomap("whoami", "--profile", "prod-sso", "--request-timeout", "1s")
        assert_one_line_error(r)
        assert "another process held the lock" in r.stderr and "time limit is 1s" in r.stderr, r.stderr
    finally:
        os.close(fd)
        sandbox.sb.sso_login()
    # Released: the same command refreshes and succeeds.
    home.set_token_expiry("corp", 5 * MIN)
    r = home.ssomap("whoami", "--profile", "prod-sso", "--request-timeout", "20s")
    assert r.returncode == 0, r.stderr
