"""Issue 11 §4: a retried write never does more than one write's worth. The sandbox applies a
PUT of aws-auth and then resets the connection (`drop_after`), or serves it after the command's
time limit (`delay`): the tool never sends the write again blindly, reads aws-auth again, and
reports "applied" (exit 0, confirmed by that read), "not applied" (exit 1) or "unknown" (exit 5,
check with `kubectl ssomap list`)."""
import time

import pytest

from cluster_support import ADMIN_ROLE, plugin_env, role_entries, ssomap

EXIT_UNKNOWN = 5
AWS_AUTH = "configmaps/aws-auth"


def entry(arn, username="admin", group="system:masters"):
    return "- rolearn: %s\n  username: %s\n  groups:\n    - %s\n" % (arn, username, group)


def puts(sandbox):
    return [r for r in sandbox.requests("kube") if r["method"] == "PUT" and AWS_AUTH in r["path"]]


def seed(sandbox, *extra):
    data = dict(sandbox.aws_auth())
    data["mapRoles"] = (data.get("mapRoles") or "") + "".join(extra)
    sandbox.put_configmap(data)


@pytest.mark.parametrize("copies", [1, 2])
def test_remove_whose_reply_is_lost_removes_exactly_one_entry(clean_aws_auth, copies):
    """Regression: the transport sent the PUT again, met a 409 on its own change, and remove
    planned again: with a duplicated ARN both entries went (exit 0); with one entry a remove that
    worked exited 1 "is not mapped"."""
    sandbox = clean_aws_auth
    seed(sandbox, *[entry(ADMIN_ROLE)] * copies)
    before = len(puts(sandbox))
    sandbox.inject_fault(service="kube", method="PUT", path=AWS_AUTH, action="drop_after")
    r = ssomap(sandbox, "remove", "--arn", ADMIN_ROLE)
    assert r.returncode == 0, r.stderr
    assert "reading aws-auth again confirmed that the change was applied" in r.stderr
    assert r.stdout == "configmap/aws-auth configured\n"
    assert len(role_entries(sandbox.aws_auth(), ADMIN_ROLE)) == copies - 1
    assert len(puts(sandbox)) - before == 1  # never sent twice


def test_add_whose_reply_is_lost_is_applied_never_unchanged(clean_aws_auth):
    """Regression: a late-landing add printed "unchanged" and "applied after 2 attempts"."""
    sandbox = clean_aws_auth
    before = len(puts(sandbox))
    sandbox.inject_fault(service="kube", method="PUT", path=AWS_AUTH, action="drop_after")
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "configmap/aws-auth configured\n"
    assert "unchanged" not in r.stdout + r.stderr
    assert "attempts" not in r.stderr
    assert "confirmed that the change was applied" in r.stderr
    assert len(role_entries(sandbox.aws_auth(), ADMIN_ROLE)) == 1
    assert len(puts(sandbox)) - before == 1


def test_add_that_times_out_while_landing_reports_the_outcome_unknown(clean_aws_auth):
    """Regression: `add` exited 1 "timed out" while the entry landed later. The PUT is served
    after the command's whole time limit: nothing is left to read aws-auth again with, so the
    outcome is unknown (exit 5) and the error says how to check."""
    sandbox = clean_aws_auth
    sandbox.inject_fault(service="kube", method="PUT", path=AWS_AUTH, action="delay", delay=2.5)
    r = ssomap(sandbox, "--request-timeout", "2s", "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == EXIT_UNKNOWN, r.stderr
    assert "error: outcome unknown" in r.stderr
    assert "kubectl ssomap list" in r.stderr
    assert "unchanged" not in r.stdout + r.stderr
    for _ in range(50):  # the delayed PUT lands: the report did not say "not applied"
        if role_entries(sandbox.aws_auth(), ADMIN_ROLE):
            break
        time.sleep(0.1)
    assert len(role_entries(sandbox.aws_auth(), ADMIN_ROLE)) == 1


def test_writes_that_never_get_an_answer_are_not_applied(clean_aws_auth):
    """Every PUT is reset before the server sees it: aws-auth read again is unchanged each time;
    after a bounded number of writes the command says "not applied" (exit 1)."""
    sandbox = clean_aws_auth
    sandbox.inject_fault(service="kube", method="PUT", path=AWS_AUTH, action="drop", count=20)
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == 1, r.stderr
    assert "error: not applied: 4 writes of aws-auth got no answer" in r.stderr
    assert role_entries(sandbox.aws_auth(), ADMIN_ROLE) == []
    hits = sum(f["hits"] for f in sandbox.sb.faults.list())
    assert hits == 4
