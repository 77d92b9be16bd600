"""Issue 10 §1 on a live (sandbox) cluster: mapUsers holds the SSO role's ARN with system:masters.
The sandbox's API server admits the SSO user as cluster admin through it, as EKS does; doctor,
add and remove must see that entry, not report the role unmapped."""
import json

from cluster_support import ADMIN_ROLE, ssomap


def doctor(sandbox):
    r = ssomap(sandbox, "doctor", "--profile", "test-profile", "--cluster-name", "dev", "-o", "json")
    return r, {c["name"]: c for c in json.loads(r.stdout)["checks"]}


def with_mapusers_admin(sandbox):
    data = sandbox.aws_auth()
    data["mapUsers"] = (f"- userarn: {ADMIN_ROLE}\n  username: admin\n  groups:\n"
                        "    - system:masters\n")
    sandbox.put_configmap(data)
    return data


def test_issue10_doctor_finds_the_mapusers_entry_and_the_user_signs_in(clean_aws_auth):
    sandbox = clean_aws_auth
    with_mapusers_admin(sandbox)
    r, checks = doctor(sandbox)
    assert r.returncode == 0, r.stderr
    assert checks["mapping"]["status"] == "ok"
    assert "mapUsers entry 1" in checks["mapping"]["message"]
    assert checks["sign-in"]["status"] == "ok"


def test_issue10_add_refuses_and_remove_takes_the_mapusers_entry(clean_aws_auth):
    sandbox = clean_aws_auth
    before = with_mapusers_admin(sandbox)
    add = ssomap(sandbox, "add", "--profile", "test-profile", "--group", "readers")
    assert add.returncode == 3, add.stderr
    assert "already mapped: mapUsers entry 1" in add.stderr
    assert sandbox.aws_auth() == before
    rm = ssomap(sandbox, "remove", "--profile", "test-profile")
    assert rm.returncode == 0, rm.stderr
    assert ADMIN_ROLE not in sandbox.aws_auth().get("mapUsers", "")
    r, checks = doctor(sandbox)
    assert checks["mapping"]["status"] == "FAIL"
    assert checks["sign-in"]["status"] == "FAIL"
