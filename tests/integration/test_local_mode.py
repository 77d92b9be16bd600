"""Local mode (`-f FILE --local`) of list, add and remove, on the aws-auth corpus in
tests/data/aws-auth and on hand-made cases.

Every corpus document NN-name.yaml has NN-name.expect.json:

    {"about": "...",
     "list": {"exit": 0, "mappings": [{"source", "arn", "username", "groups", "line",
                                       "problems": [codes]}],
              "accounts": [...], "errors": [{"key", "line"}]}
           | {"exit": N, "stderr": "text the one-line error must contain"},
     "add": {"arn": ARN, "args": [...], "exit": 0[, "rewrites": KEY]}
          | {"arn": ARN, "args": [...], "exit": N, "stderr": "..."}}

A successful add must be a pure insertion of the new entry's lines (every other byte as it
was), must parse (python yaml + an independent parse with the authenticator's rules, the
sandbox's) to every old mapping plus the new one, must be a no-op when repeated, and removing
the mapping again must give back the original file byte for byte.

No sandbox needed: local mode never contacts a cluster.
"""
import difflib
import glob
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
DOCS = sorted(os.path.basename(p) for p in glob.glob(os.path.join(CORPUS, "*.yaml")))
NEW_ARN = "arn:aws:iam::111122223333:role/AWSReservedSSO_NewTeam_9f8e7d6c5b4a3f2e"
NEW_USERNAME = "sso:NewTeam:{{SessionName}}"

# The sandbox's aws-auth reader: an independent implementation of the authenticator's rules.
_spec = importlib.util.spec_from_file_location(
    "reference_awsauth", os.path.join(ROOT, "tests", "sandbox", "sandbox", "awsauth.py"))
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def run(*args, input=None, home=None):
    env = {"PATH": "/usr/bin:/bin", "HOME": home or "/nonexistent", "LC_ALL": "C.UTF-8"}
    return subprocess.run([BIN] + list(args), input=input, capture_output=True, env=env,
                          timeout=60)


def text(raw):
    return raw.decode("utf-8", errors="replace")


def expectation(doc):
    with open(os.path.join(CORPUS, doc[:-len(".yaml")] + ".expect.json")) as f:
        return json.load(f)


def read(doc):
    with open(os.path.join(CORPUS, doc), "rb") as f:
        return f.read()


def configmap_data(raw):
    docs = [d for d in yaml.safe_load_all(raw) if isinstance(d, dict)]
    cms = [d for d in docs if d.get("kind") == "ConfigMap"]
    assert len(cms) == 1
    return cms[0].get("data") or {}


def assert_clean_failure(proc, code=None):
    """One error line (and at most a hint line), no stack trace, nothing on stdout."""
    err = text(proc.stderr)
    assert proc.returncode != 0
    if code is not None:
        assert proc.returncode == code, err
    assert proc.stdout == b""
    # Warnings and notes about the request may come first; then one error and at most a hint.
    lines = [l for l in err.strip("\n").split("\n") if not l.startswith(("warning: ", "note: "))]
    assert lines[0].startswith("error: "), err
    assert len(lines) <= 2 and all(l.startswith(("error: ", "hint: ")) for l in lines[1:]), err
    for bad in ("Traceback", "terminate called", "Aborted", "what():", "Sanitizer"):
        assert bad not in err


def inserted_lines(before, after):
    """The lines `after` adds to `before`; fails unless that is the only change."""
    a = before.decode().splitlines(keepends=True)
    b = after.decode().splitlines(keepends=True)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    assert [op for op in ops if op[0] not in ("equal", "insert")] == [], "not a pure insertion"
    added = [line for op in ops if op[0] == "insert" for line in b[op[3]:op[4]]]
    # Blocks of identical lines can be matched more than one way; what counts is that the
    # output minus the added lines is the input.
    return added


def as_tuples(auth):
    roles = {k: (m.arn, m.username, m.groups) for k, m in auth.roles.items()}
    users = [(m.arn, m.username, m.groups) for m in auth.users]
    return roles, users, auth.accounts, auth.errors


# --- the corpus ---------------------------------------------------------------------------

def test_the_corpus_is_big_enough():
    assert len(DOCS) >= 20
    for doc in DOCS:
        assert os.path.exists(os.path.join(CORPUS, doc[:-5] + ".expect.json")), doc


@pytest.mark.parametrize("doc", DOCS)
def test_list_reports_what_the_authenticator_reads(doc):
    want = expectation(doc)["list"]
    proc = run("list", "-f", os.path.join(CORPUS, doc), "--local", "-o", "json")
    if want["exit"] != 0:
        assert_clean_failure(proc, want["exit"])
        assert want["stderr"] in text(proc.stderr)
        return
    assert proc.returncode == 0, text(proc.stderr)
    got = json.loads(proc.stdout)
    mappings = [{"source": m["source"], "arn": m["arn"], "username": m["username"],
                 "groups": m["groups"], "line": m["line"],
                 "problems": [p["code"] for p in m["problems"]]} for m in got["mappings"]]
    assert mappings == want["mappings"]
    assert got["accounts"] == want["accounts"]
    assert [{"key": e["key"], "line": e["line"]} for e in got["errors"]] == want["errors"]
    for m in got["mappings"]:
        for p in m["problems"]:
            assert p["message"]
    # -o yaml is the same report.
    as_yaml = run("list", "-f", os.path.join(CORPUS, doc), "--local", "-o", "yaml")
    assert as_yaml.returncode == 0
    assert yaml.safe_load(as_yaml.stdout) == got
    # The table has a row per mapping and per account.
    table = run("list", "-f", os.path.join(CORPUS, doc), "--local")
    assert table.returncode == 0
    rows = text(table.stdout).splitlines()
    if got["mappings"] or got["accounts"]:
        assert rows[0].split()[:2] == ["SOURCE", "ARN"]
        assert len(rows) == 1 + len(got["mappings"]) + len(got["accounts"])


@pytest.mark.parametrize("doc", DOCS)
def test_list_agrees_with_an_independent_authenticator_parse(doc):
    if expectation(doc)["list"]["exit"] != 0:
        return
    ref = reference.parse(configmap_data(read(doc)))
    got = json.loads(run("list", "-f", os.path.join(CORPUS, doc), "--local", "-o", "json").stdout)
    if any(e["key"] == "mapRoles" for e in got["errors"]):
        assert ref.roles == {}
    # The winner of each role ARN, as the authenticator keys them. Entries with a field of the
    # wrong type are left out: we flag them dropped, while encoding/json keeps them with that
    # field empty (see the report in 23-invalid-entries).
    winners, dropped = {}, set()
    for m in got["mappings"]:
        if m["source"] != "mapRoles" or not m["arn"]:
            continue
        if any(p["code"] == "invalid-entry" and "drops" in p["message"] for p in m["problems"]):
            dropped.add(m["arn"].lower())
        else:
            winners[m["arn"].lower()] = (m["arn"], m["username"], m["groups"])
    assert winners == {k: (v.arn, v.username, v.groups) for k, v in ref.roles.items()
                       if k not in dropped}
    assert [str(a) for a in got["accounts"]] == ref.accounts


@pytest.mark.parametrize("doc", DOCS)
def test_add_inserts_one_entry_and_keeps_every_other_byte(doc, tmp_path):
    want = expectation(doc)["add"]
    src = os.path.join(CORPUS, doc)
    before = read(doc)
    proc = run("add", "-f", src, "--local", "--arn", want["arn"], *want["args"])
    if want["exit"] != 0:
        assert_clean_failure(proc, want["exit"])
        assert want["stderr"] in text(proc.stderr)
        return
    assert proc.returncode == 0, text(proc.stderr)
    after = proc.stdout
    if want.get("rewrites"):
        # A flow/JSON-style key is rewritten in block style (issue 10 §2): every mapping kept.
        assert "rewritten in block style" in text(proc.stderr)
        old, new = reference.parse(configmap_data(before)), reference.parse(configmap_data(after))
        assert new.errors == old.errors and new.users == old.users
        assert new.roles.pop(want["arn"].lower()).arn == want["arn"]
        assert new.roles == old.roles
        return
    added = inserted_lines(before, after)
    assert any(("rolearn: " + want["arn"]) in line or ("userarn: " + want["arn"]) in line
               for line in added), added

    old = reference.parse(configmap_data(before))
    new = reference.parse(configmap_data(after))
    assert new.errors == old.errors
    assert new.accounts == old.accounts
    if ":role/" in want["arn"]:
        assert new.users == old.users
        grown = dict(old.roles)
        grown.pop(want["arn"].lower(), None)
        assert {k: v for k, v in new.roles.items() if k != want["arn"].lower()} == grown
        assert new.roles[want["arn"].lower()].arn == want["arn"]
    else:
        assert new.roles == old.roles
        assert new.users[:-1] == old.users and new.users[-1].arn == want["arn"]

    # The same add again changes nothing; remove gives back the original file.
    out = tmp_path / "after.yaml"
    out.write_bytes(after)
    again = run("add", "-f", str(out), "--local", "--arn", want["arn"], *want["args"])
    assert again.returncode == 0, text(again.stderr)
    assert again.stdout == after
    assert "unchanged" in text(again.stderr)
    removed = run("remove", "-f", str(out), "--local", "--arn", want["arn"])
    assert removed.returncode == 0, text(removed.stderr)
    key = "mapRoles" if ":role/" in want["arn"] else "mapUsers"
    if key in configmap_data(before):
        assert removed.stdout == before
    else:  # the key add created stays, empty
        assert [line.strip() for line in inserted_lines(before, removed.stdout)] == [key + ": |"]


def make_big_manifest(entries=5000):
    lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: aws-auth",
             "  namespace: kube-system", "data:", "  mapRoles: |",
             "    - rolearn: arn:aws:iam::111122223333:role/node",
             "      username: system:node:{{EC2PrivateDNSName}}",
             "      groups:", "        - system:bootstrappers", "        - system:nodes"]
    for i in range(entries):
        lines += ["    # team %d" % i,
                  "    - rolearn: arn:aws:iam::111122223333:role/AWSReservedSSO_Team%05d_%016x" % (i, i),
                  "      username: sso:Team%05d:{{SessionName}}" % i,
                  "      groups:", "        - team-%05d" % i, "        - readers-of-everything-%d" % i]
    return ("\n".join(lines) + "\n").encode()


def test_a_one_mebibyte_document(tmp_path):
    raw = make_big_manifest()
    assert len(raw) >= 1 << 20
    path = tmp_path / "big.yaml"
    path.write_bytes(raw)
    listed = run("list", "-f", str(path), "--local", "-o", "json")
    assert listed.returncode == 0, text(listed.stderr)
    report = json.loads(listed.stdout)
    assert len(report["mappings"]) == 5001
    assert report["mappings"][4000]["arn"].endswith("Team03999_%016x" % 3999)
    added = run("add", "-f", str(path), "--local", "--arn", NEW_ARN, "--group", "new")
    assert added.returncode == 0, text(added.stderr)
    assert len(inserted_lines(raw, added.stdout)) == 4
    victim = "arn:aws:iam::111122223333:role/AWSReservedSSO_Team02500_%016x" % 2500
    removed = run("remove", "-f", str(path), "--local", "--arn", victim)
    assert removed.returncode == 0, text(removed.stderr)
    assert len(raw.splitlines()) - len(removed.stdout.splitlines()) == 5
    assert victim.encode() not in removed.stdout


# --- the command line ---------------------------------------------------------------------

NODE_ONLY = os.path.join(CORPUS, "03-mapusers-mapaccounts.yaml")
SSO_DEV_ARN = "arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_4e5f6a7b8c9d0e1f"


def test_add_output_formats_and_stdin():
    plain = run("add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN, "--admin")
    assert plain.returncode == 0
    assert "added " + NEW_ARN + " -> username " + NEW_USERNAME + ", groups [system:masters]" in text(
        plain.stderr)
    as_yaml = run("add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN, "--admin", "-o", "yaml")
    assert as_yaml.stdout == plain.stdout
    as_json = run("add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN, "--admin", "-o", "json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["data"] == configmap_data(plain.stdout)
    with open(NODE_ONLY, "rb") as f:
        stdin = run("add", "-f", "-", "--local", "--arn", NEW_ARN, "--admin", input=f.read())
    assert stdin.returncode == 0
    assert stdin.stdout == plain.stdout


def test_a_pathful_arn_is_mapped_without_its_path_and_said_so():
    pathful = ("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/"
               "AWSReservedSSO_NewTeam_9f8e7d6c5b4a3f2e")
    proc = run("add", "-f", NODE_ONLY, "--local", "--arn", pathful, "--group", "new")
    assert proc.returncode == 0
    assert "removed the IAM path 'aws-reserved/sso.amazonaws.com/eu-west-1/'" in text(proc.stderr)
    roles = reference.parse(configmap_data(proc.stdout)).roles
    assert roles[NEW_ARN.lower()].arn == NEW_ARN
    assert b"aws-reserved" not in proc.stdout


def test_an_sts_session_arn_maps_its_role():
    proc = run("add", "-f", NODE_ONLY, "--local", "--group", "new", "--arn",
               "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_NewTeam_9f8e7d6c5b4a3f2e/jane")
    assert proc.returncode == 0
    assert "session 'jane'" in text(proc.stderr)
    assert NEW_ARN.lower() in reference.parse(configmap_data(proc.stdout)).roles


def test_a_different_mapping_is_refused_showing_the_existing_one_unless_overwrite(tmp_path):
    src = os.path.join(CORPUS, "20-multi-document.yaml")
    refused = run("add", "-f", src, "--local", "--arn", SSO_DEV_ARN, "--admin")
    assert_clean_failure(refused, 3)
    err = text(refused.stderr)
    assert "already mapped" in err
    assert "username sso:Dev:{{SessionName}}, groups [ssomap:view:dev]" in err
    assert "--overwrite" in err
    replaced = run("add", "-f", src, "--local", "--arn", SSO_DEV_ARN, "--admin", "--overwrite")
    assert replaced.returncode == 0, text(replaced.stderr)
    assert "replaced" in text(replaced.stderr)
    before = read("20-multi-document.yaml").decode().splitlines()
    after = replaced.stdout.decode().splitlines()
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [("        - ssomap:view:dev", "        - system:masters")]


def test_remove_and_its_refusals():
    src = os.path.join(CORPUS, "20-multi-document.yaml")
    removed = run("remove", "-f", src, "--local", "--arn", SSO_DEV_ARN)
    assert removed.returncode == 0, text(removed.stderr)
    assert SSO_DEV_ARN.encode() not in removed.stdout
    assert "removed " + SSO_DEV_ARN in text(removed.stderr)
    node = run("remove", "-f", src, "--local", "--arn", "arn:aws:iam::111122223333:role/node")
    assert_clean_failure(node, 3)
    assert "node role" in text(node.stderr)
    missing = run("remove", "-f", src, "--local", "--arn", NEW_ARN)
    assert_clean_failure(missing, 1)
    assert "is not mapped" in text(missing.stderr)


def test_removing_a_duplicate_says_another_entry_now_applies():
    src = os.path.join(CORPUS, "12-duplicate-arns.yaml")
    proc = run("remove", "-f", src, "--local", "--arn", "arn:aws:iam::111122223333:role/developer")
    assert proc.returncode == 0, text(proc.stderr)
    assert "another entry" in text(proc.stderr)
    roles = reference.parse(configmap_data(proc.stdout)).roles
    assert roles["arn:aws:iam::111122223333:role/developer"].username == "dev-old"


@pytest.mark.parametrize("name", [
    "dev: admin", "x #comment", "- rolearn: arn:aws:iam::111122223333:role/Evil", "{admin}",
    "&anchor", "*alias", "!tag", "it's \"quoted\"", "yes", "123", "[a]", "|", "%x", "`x`",
])
def test_hostile_names_round_trip_without_yaml_injection(name):
    proc = run("add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN, "--username", name,
               "--group", name, "--group", "plain")
    assert proc.returncode == 0, text(proc.stderr)
    inserted_lines(read("03-mapusers-mapaccounts.yaml"), proc.stdout)
    auth = reference.parse(configmap_data(proc.stdout))
    assert auth.errors == []
    assert sorted(auth.roles) == sorted(["arn:aws:iam::111122223333:role/eks-node", NEW_ARN.lower()])
    m = auth.roles[NEW_ARN.lower()]
    assert (m.username, m.groups) == (name, [name, "plain"])


@pytest.mark.parametrize("name", ["a\nb", "tab\there", " padded", "esc\x1b[0m"])
def test_names_with_control_characters_are_usage_errors(name):
    proc = run("add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN, "--username", name,
               "--group", "dev")
    assert_clean_failure(proc, 2)


def bad_input_cases(tmp):
    garbage = tmp / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    empty = tmp / "empty.yaml"
    empty.write_bytes(b"")
    return [
        (["list", "-f", str(tmp / "missing.yaml"), "--local"], 1, "missing.yaml"),
        (["list", "-f", str(tmp), "--local"], 1, ""),
        (["list", "-f", str(garbage), "--local"], 1, ""),
        (["list", "-f", str(empty), "--local"], 1, "no ConfigMap"),
        (["list", "-f", os.path.join(CORPUS, "25-not-yaml.yaml"), "--local"], 1, "not valid YAML"),
        (["list", "-f", os.path.join(CORPUS, "22-not-a-configmap.yaml"), "--local"], 1, "no ConfigMap"),
        (["add", "-f", NODE_ONLY, "--local", "--arn", "arn:aws:iam::1234:role/x", "--admin"], 1,
         "not 12 digits"),
        (["add", "-f", NODE_ONLY, "--local", "--arn", "not-an-arn", "--admin"], 1, "arn:"),
        (["add", "-f", NODE_ONLY, "--local", "--arn", "arn:aws:s3:::bucket", "--admin"], 1, "s3"),
        (["remove", "-f", NODE_ONLY, "--local", "--arn", "arn:aws:iam::111122223333:group/g"], 1,
         "group"),
        (["add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN], 2, "--admin"),
        (["add", "-f", NODE_ONLY, "--local", "--arn", NEW_ARN, "--view"], 2, "--view"),
        (["add", "-f", NODE_ONLY, "--arn", NEW_ARN, "--admin"], 2, "--local"),
        (["list", "--local"], 2, "-f"),
        (["add", "-f", NODE_ONLY, "--local", "--admin"], 2, "--arn"),
    ]


def test_bad_input_is_one_clear_line_and_a_nonzero_exit(tmp_path):
    for argv, code, needle in bad_input_cases(tmp_path):
        proc = run(*argv)
        assert_clean_failure(proc, code)
        assert needle in text(proc.stderr), (argv, text(proc.stderr))


LINES_MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/ci
      username: ci
      groups:
        - ci
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/node
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/Dev
      username: dev
      groups:
        - dev
"""


def test_local_refusals_name_the_files_line_as_list_does(tmp_path):
    # Regression (issue 10 §4): `add` said "line 6", counted inside mapRoles' value, where `list`
    # says the file's line 17. Every line a refusal names in --local mode is the file's.
    path = tmp_path / "aws-auth.yaml"
    path.write_text(LINES_MANIFEST)
    listed = run("list", "-f", str(path), "--local", "-o", "json")
    assert listed.returncode == 0, listed.stderr
    (dev,) = [m for m in json.loads(listed.stdout)["mappings"] if m["arn"].endswith("role/Dev")]
    assert dev["line"] == 17
    add = run("add", "-f", str(path), "--local", "--arn", "arn:aws:iam::111122223333:role/Dev",
              "--group", "other")
    assert_clean_failure(add)
    assert "mapRoles entry 2 (line 17)" in text(add.stderr)
    node = run("remove", "-f", str(path), "--local", "--arn", "arn:aws:iam::111122223333:role/node")
    assert_clean_failure(node)
    assert "mapRoles entry 1 (line 13)" in text(node.stderr)
    # A key that does not parse: the refusal names the file's line of the broken value line.
    path.write_text(LINES_MANIFEST + '    - rolearn: "arn:aws:iam::111122223333:role/x\n')
    broken = run("add", "-f", str(path), "--local", "--arn", "arn:aws:iam::111122223333:role/New",
                 "--group", "g")
    assert_clean_failure(broken)
    listed = run("list", "-f", str(path), "--local", "-o", "json")
    (error,) = [e for e in json.loads(listed.stdout)["errors"] if e["key"] == "mapRoles"]
    assert f"mapRoles line {error['line']}:" in text(broken.stderr), (broken.stderr, error)
