"""Issue 10: what list, add and remove say is what the cluster does — the real binary in
`-f FILE --local` mode, judged by the sandbox's own aws-auth reader (tests/sandbox/sandbox/
awsauth.py), which reads YAML with libyaml itself and applies the authenticator's rules
independently of the C++ code.

No sandbox needed: local mode never contacts a cluster.
"""
import importlib.util
import json
import os
import subprocess

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(os.environ.get("SSOMAP_BIN_DIR", os.path.join(ROOT, "build", "plugin")),
                   "kubectl-ssomap")
CORPUS = os.path.join(ROOT, "tests", "data", "aws-auth")

_spec = importlib.util.spec_from_file_location(
    "reference_awsauth", os.path.join(ROOT, "tests", "sandbox", "sandbox", "awsauth.py"))
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

ADMIN = "arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef"
NODE = "arn:aws:iam::111122223333:role/eks-node"
HEADER = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n"
          "  namespace: kube-system\ndata:\n")


def run(*args, input=None):
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LC_ALL": "C.UTF-8"}
    return subprocess.run([BIN] + list(args), input=input, capture_output=True, env=env,
                          timeout=60)


def block(key, value):
    return "  %s: |\n%s" % (key, "".join("    " + l + "\n" for l in value.splitlines()))


def manifest(tmp_path, body, name="aws-auth.yaml", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return str(path)


def data_of(raw):
    docs = [d for d in yaml.safe_load_all(raw) if isinstance(d, dict)]
    return [d for d in docs if d.get("kind") == "ConfigMap"][0].get("data") or {}


NODE_ENTRY = ("- rolearn: %s\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n"
              "    - system:bootstrappers\n    - system:nodes\n" % NODE)
ISSUE_EXAMPLE = (block("mapRoles", NODE_ENTRY) +
                 block("mapUsers", "- userarn: %s\n  username: admin\n  groups:\n"
                                   "    - system:masters\n" % ADMIN))


# --- §1: the issue's example ------------------------------------------------------------------

def test_issue10_the_sandbox_reader_admits_the_role_through_mapusers():
    auth = reference.parse(data_of(HEADER + ISSUE_EXAMPLE))
    assert reference.lookup(auth, ADMIN, "111122223333") == ("admin", ["system:masters"])


def test_issue10_add_refuses_an_identity_mapped_through_mapusers(tmp_path):
    path = manifest(tmp_path, ISSUE_EXAMPLE)
    proc = run("add", "-f", path, "--local", "--arn", ADMIN, "--group", "readers")
    err = proc.stderr.decode()
    assert proc.returncode == 3, err
    assert "already mapped: mapUsers entry 1" in err
    assert proc.stdout == b""


def test_issue10_add_overwrite_replaces_the_mapusers_entry_it_uses(tmp_path):
    path = manifest(tmp_path, ISSUE_EXAMPLE)
    proc = run("add", "-f", path, "--local", "--arn", ADMIN, "--group", "readers",
               "--overwrite")
    assert proc.returncode == 0, proc.stderr.decode()
    auth = reference.parse(data_of(proc.stdout))
    assert reference.lookup(auth, ADMIN, "111122223333")[1] == ["readers"]
    assert list(auth.roles) == [NODE]


def test_issue10_remove_drops_the_mapusers_entry(tmp_path):
    path = manifest(tmp_path, ISSUE_EXAMPLE)
    proc = run("remove", "-f", path, "--local", "--arn", ADMIN)
    assert proc.returncode == 0, proc.stderr.decode()
    auth = reference.parse(data_of(proc.stdout))
    assert reference.lookup(auth, ADMIN, "111122223333") is None
    assert list(auth.roles) == [NODE]


def test_issue10_list_flags_the_role_in_mapusers_and_cross_list_shadowing(tmp_path):
    body = (block("mapRoles", NODE_ENTRY + "- rolearn: %s\n  username: r\n" % ADMIN.upper()) +
            block("mapUsers", "- userarn: %s\n  username: admin\n  groups: [system:masters]\n"
                  % ADMIN))
    proc = run("list", "-f", manifest(tmp_path, body), "--local", "-o", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = json.loads(proc.stdout)["mappings"]
    user = [r for r in rows if r["source"] == "mapUsers"][0]
    codes = {p["code"]: p["message"] for p in user["problems"]}
    assert "role-in-mapusers" in codes
    assert "mapRoles is searched first" in codes["duplicate-arn"]
    role = [r for r in rows if r["arn"] == ADMIN.upper()][0]
    assert "this one is used" in {p["code"]: p["message"] for p in role["problems"]}["duplicate-arn"]


# --- §2: what libyaml cannot read is reported as not read -----------------------------------

def test_issue10_unterminated_quoted_scalar_is_a_parse_error_with_the_file_line(tmp_path):
    value = NODE_ENTRY + '- rolearn: "arn:aws:iam::111122223333:role/x'
    proc = run("list", "-f", manifest(tmp_path, block("mapRoles", value)), "--local", "-o",
               "json")
    got = json.loads(proc.stdout)
    assert [e["key"] for e in got["errors"]] == ["mapRoles"]
    assert got["errors"][0]["line"] >= 13          # a line of the file, not of the value
    assert got["mappings"] == []
    assert reference.parse(data_of(HEADER + block("mapRoles", value))).roles == {}


JSON_STYLE = ('  mapRoles: \'[{"rolearn":"%s","username":"system:node:{{EC2PrivateDNSName}}",'
              '"groups":["system:bootstrappers","system:nodes"]},{"rolearn":"%s",'
              '"username":"admin","groups":["system:masters"]}]\'\n' % (NODE, ADMIN))


@pytest.mark.parametrize("command", ["add", "remove"])
def test_issue10_a_jsonencode_style_value_is_edited_not_refused(tmp_path, command):
    path = manifest(tmp_path, JSON_STYLE)
    old = reference.parse(data_of(HEADER + JSON_STYLE))
    new_arn = "arn:aws:iam::111122223333:role/Team"
    if command == "add":
        proc = run("add", "-f", path, "--local", "--arn", new_arn, "--group", "team")
    else:
        proc = run("remove", "-f", path, "--local", "--arn", ADMIN)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "rewritten in block style, every mapping kept" in err
    new = reference.parse(data_of(proc.stdout))
    assert new.errors == []
    want = dict(old.roles)
    if command == "add":
        assert new.roles.pop(new_arn.lower()).groups == ["team"]
    else:
        want.pop(ADMIN.lower())
    assert new.roles == want


# --- §2: UTF-16 as kubectl reads it, UTF-32 refused by name ---------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_issue10_a_bom_encoded_file_lists_like_its_utf8_twin(tmp_path, encoding):
    utf8 = run("list", "-f", manifest(tmp_path, ISSUE_EXAMPLE, "a.yaml"), "--local", "-o", "json")
    raw = (HEADER + ISSUE_EXAMPLE).encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / "b.yaml"
    path.write_bytes(raw)
    other = run("list", "-f", str(path), "--local", "-o", "json")
    assert other.returncode == 0, other.stderr.decode()
    assert json.loads(other.stdout) == json.loads(utf8.stdout)


def test_issue10_a_utf32_file_is_refused_naming_the_encoding(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes((HEADER + ISSUE_EXAMPLE).encode("utf-32"))
    proc = run("list", "-f", str(path), "--local")
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert "UTF-32" in err and "utf8" in err
    assert "Traceback" not in err and "terminate" not in err


# --- the sandbox's reader and ours agree, entry for entry -------------------------------------

def generated_values():
    keys = ["rolearn", "RoleArn", "roleARN", "username", "UserName", "groups", "Groups"]
    values = ["arn:aws:iam::111122223333:role/x", '"arn:aws:iam::111122223333:role/Q"', "123",
              "yes", "on", "~", "[a, 1e3]", "[]", "0x1F", '"{{SessionName}}"', "{a: b}"]
    for k in keys:
        for v in values:
            yield "- rolearn: arn:aws:iam::111122223333:role/base\n  %s: %s\n" % (k, v)


def test_list_and_the_sandbox_reader_agree_on_role_winners(tmp_path):
    docs = [open(os.path.join(CORPUS, d), encoding="utf-8").read()
            for d in sorted(os.listdir(CORPUS)) if d.endswith(".yaml")]
    docs += [HEADER + block("mapRoles", v) for v in generated_values()]
    compared = 0
    for i, doc in enumerate(docs):
        try:
            data = data_of(doc)
        except (yaml.YAMLError, IndexError):   # not YAML, or no ConfigMap in it
            continue
        if not isinstance(data.get("mapRoles", ""), str):
            continue
        path = tmp_path / ("d%d.yaml" % i)
        path.write_text(doc)
        proc = run("list", "-f", str(path), "--local", "-o", "json")
        if proc.returncode != 0:
            continue
        got = json.loads(proc.stdout)
        ref = reference.parse(data)
        assert any(e["key"] == "mapRoles" for e in got["errors"]) == any(
            e.startswith("mapRoles: ") and "must be supplied" not in e for e in ref.errors), doc
        winners = {}
        for m in got["mappings"]:
            dropped = any(p["code"] == "invalid-entry" and "drops" in p["message"]
                          for p in m["problems"])
            if m["source"] == "mapRoles" and m["arn"] and not dropped:
                winners[m["arn"].lower()] = (m["arn"], m["username"], m["groups"])
        assert winners == {k: (v.arn, v.username, v.groups) for k, v in ref.roles.items()}, doc
        compared += 1
    assert compared > 60
