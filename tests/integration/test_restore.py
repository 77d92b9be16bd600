"""restore can never move one cluster's aws-auth onto another (issue 11 §2), and trusts nothing
it did not write (§3): backups keyed by the cluster's identity, checked against the live object,
shown and confirmed before they are written."""
import json
import os
import shutil
import stat

import pytest

from cluster_support import ADMIN_ROLE, NODE_ROLE, VIEW_ROLE, assert_one_line_error, \
    role_entries, ssomap
from restore_support import backup_env, backup_files, cluster_dirs, kubeconfig_with_context, \
    listing, live_uid


@pytest.fixture
def both_clusters(sandbox):
    sandbox.reset_aws_auth()
    sandbox.reset_aws_auth("staging")
    yield sandbox
    sandbox.reset_aws_auth()
    sandbox.reset_aws_auth("staging")


def test_restore_latest_on_staging_never_applies_devs_aws_auth(both_clusters, tmp_path):
    """The issue's reproduction: two kubeconfigs, each with a context named `admin`."""
    sandbox = both_clusters
    root = tmp_path / "backups"
    dev = kubeconfig_with_context(sandbox, tmp_path / "dev.yaml", "admin", "admin")
    staging = kubeconfig_with_context(sandbox, tmp_path / "staging.yaml", "admin@staging", "admin")
    dev_env = backup_env(sandbox, root, KUBECONFIG=dev)
    staging_env = backup_env(sandbox, root, KUBECONFIG=staging)
    r = ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", "viewers", env=dev_env)
    assert r.returncode == 0, r.stderr
    staging_before = sandbox.aws_auth("staging")

    r = ssomap(sandbox, "restore", "latest", "--yes", env=staging_env)
    assert r.returncode == 1
    assert_one_line_error(r)
    assert "no trusted aws-auth backup of cluster" in r.stderr
    assert sandbox.aws_auth("staging") == staging_before
    # Each listing shows only its own cluster's backups, and says where they came from.
    dev_list = listing(sandbox, dev_env)
    assert [b["server"] for b in dev_list["backups"]] == [dev_list["server"]]
    assert dev_list["backups"][0]["uid"] == live_uid(sandbox)
    assert listing(sandbox, staging_env)["backups"] == []

    # Dev's backup copied into staging's directory (a shared disk, a careless mv): refused,
    # naming the mismatch; --force alone does not do it; naming the live uid does.
    ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", "viewers", env=staging_env)
    sandbox.reset_aws_auth("staging")
    dev_file = dev_list["backups"][0]["path"]
    [staging_dir] = [d for d in cluster_dirs(root) if d != os.path.dirname(dev_file)]
    shutil.copy(dev_file, os.path.join(staging_dir, "29990101T000000Z-rv1.json"))
    os.chmod(os.path.join(staging_dir, "29990101T000000Z-rv1.json"), 0o600)
    name = "29990101T000000Z-rv1.json"
    uid = live_uid(sandbox, "staging")
    for extra in ([], ["--force"], ["--force-uid-mismatch=" + live_uid(sandbox)]):
        r = ssomap(sandbox, "restore", name, "--yes", *extra, env=staging_env)
        assert r.returncode == 3, r.stderr
        assert_one_line_error(r)
        assert "is not of this aws-auth" in r.stderr and dev_list["server"] in r.stderr
        assert sandbox.aws_auth("staging") == staging_before
        assert (f"--force-uid-mismatch={uid}" in r.stderr) == (not extra or extra == ["--force"])
    r = ssomap(sandbox, "restore", name, "--yes", f"--force-uid-mismatch={uid}", env=staging_env)
    assert r.returncode == 0, r.stderr
    assert role_entries(sandbox.aws_auth("staging"), VIEW_ROLE) == []  # dev's state before add
    assert "210987654321" in r.stderr  # it said it admits dev's whole account


@pytest.mark.parametrize("context", ["..", "../..", "a/../../escaped", "/tmp", "."])
def test_a_context_name_cannot_escape_the_backup_root(clean_aws_auth, tmp_path, context):
    sandbox = clean_aws_auth
    root = tmp_path / "deep" / "backups"
    kc = kubeconfig_with_context(sandbox, tmp_path / "kc.yaml", "admin", context)
    env = backup_env(sandbox, root, KUBECONFIG=kc)
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", env=env)
    assert r.returncode == 0, r.stderr
    written = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path) for f in fs]
    assert all(p.startswith(str(root) + os.sep) or p.endswith("kc.yaml") for p in written), written
    [(path, backup)] = backup_files(root).items()
    assert backup["provenance"]["context"] == context
    assert listing(sandbox, env)["backups"][0]["context"] == context


def _genuine_backup(sandbox, env):
    r = ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", "viewers", env=env)
    assert r.returncode == 0, r.stderr
    return listing(sandbox, env)["backups"][0]


def test_a_planted_or_future_dated_file_never_becomes_latest(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    root = tmp_path / "backups"
    env = backup_env(sandbox, root)
    genuine = _genuine_backup(sandbox, env)
    directory = os.path.dirname(genuine["path"])
    evil = json.load(open(genuine["path"]))
    evil["configMap"]["data"]["mapRoles"] += (
        "- rolearn: arn:aws:iam::666666666666:role/outsider\n  username: outsider\n"
        "  groups:\n    - system:masters\n")
    evil["provenance"]["takenAt"] = "2999-01-01T00:00:00.000Z"
    planted = {
        "29990101T000000Z-rv9.json": evil,                                # forged, future
        "29980101T000000Z-rv8.json": dict(evil["configMap"]),             # the old bare format
    }
    for name, body in planted.items():
        with open(os.path.join(directory, name), "w") as f:
            json.dump(body, f)
        os.chmod(os.path.join(directory, name), 0o600)
    before = sandbox.aws_auth()
    backups = listing(sandbox, env)["backups"]
    assert backups[0]["name"] == genuine["name"] and backups[0]["trusted"]
    assert {b["name"]: b["trusted"] for b in backups[1:]} == {n: False for n in planted}
    r = ssomap(sandbox, "restore", "latest", "--yes", env=env)
    assert r.returncode == 0, r.stderr
    assert genuine["name"] in r.stderr and "outsider" not in sandbox.aws_auth()["mapRoles"]
    for name in planted:
        r = ssomap(sandbox, "restore", name, "--yes", env=env)
        assert r.returncode == 3
        assert_one_line_error(r)
        assert "cannot be trusted" in r.stderr
    # A genuine backup edited by hand no longer verifies either.
    doc = json.load(open(genuine["path"]))
    doc["configMap"]["data"]["mapRoles"] = ""
    with open(genuine["path"], "w") as f:
        json.dump(doc, f)
    r = ssomap(sandbox, "restore", genuine["name"], "--yes", "--force", env=env)
    assert r.returncode == 3 and "HMAC" in r.stderr
    assert "outsider" not in sandbox.aws_auth()["mapRoles"]


def test_directories_are_made_private_and_files_are_0600_under_umask_000(clean_aws_auth,
                                                                          tmp_path):
    sandbox = clean_aws_auth
    root = tmp_path / "backups"
    root.mkdir(mode=0o777)
    os.chmod(root, 0o777)
    env = backup_env(sandbox, root)
    r = ssomap_umask0(sandbox, env, "add", "--arn", ADMIN_ROLE, "--admin")
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o700
    for d in [root / "clusters"] + [__import__("pathlib").Path(p) for p in cluster_dirs(root)]:
        assert stat.S_IMODE(os.stat(d).st_mode) == 0o700, d
    for p in list(backup_files(root)) + [str(root / ".backup-key")]:
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    # A symlinked cluster directory is refused, not followed.
    [cluster_dir] = cluster_dirs(root)
    target = tmp_path / "elsewhere"
    shutil.move(cluster_dir, target)
    os.symlink(target, cluster_dir)
    before = sandbox.aws_auth()
    r = ssomap_umask0(sandbox, env, "add", "--arn", VIEW_ROLE, "--group", "viewers")
    assert r.returncode != 0
    assert_one_line_error(r)
    assert "symbolic link" in r.stderr and "nothing was written" in r.stderr
    assert sandbox.aws_auth() == before


def ssomap_umask0(sandbox, env, *args):
    import subprocess
    return subprocess.run(["kubectl", "ssomap", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=sandbox.dir, preexec_fn=lambda: os.umask(0))


def test_restore_shows_what_it_grants_and_asks(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    env = backup_env(sandbox, tmp_path / "backups")
    assert ssomap(sandbox, "remove", "--arn", ADMIN_ROLE, env=env).returncode in (0, 1)
    r = ssomap(sandbox, "add", "--arn", ADMIN_ROLE, "--admin", env=env)
    assert r.returncode == 0, r.stderr
    assert ssomap(sandbox, "remove", "--arn", ADMIN_ROLE, env=env).returncode == 0
    latest = listing(sandbox, env)["backups"][0]["name"]
    before = sandbox.aws_auth()
    for answer in ("", "no\n", "y\n"):
        r = ssomap(sandbox, "restore", latest, env=env, input=answer)
        assert r.returncode == 3, r.stderr
        assert f"It grants system:masters (cluster admin) to: {ADMIN_ROLE}" in r.stderr
        assert f"+  - rolearn: {ADMIN_ROLE}" in r.stdout
        assert "restore not confirmed; nothing was written" in r.stderr
        assert sandbox.aws_auth() == before
    r = ssomap(sandbox, "restore", latest, env=env, input="yes\n")
    assert r.returncode == 0, r.stderr
    assert role_entries(sandbox.aws_auth(), ADMIN_ROLE)


def test_a_recreated_aws_auth_needs_its_uid_named(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    env = backup_env(sandbox, tmp_path / "backups")
    genuine = _genuine_backup(sandbox, env)
    data = sandbox.aws_auth()
    assert sandbox.kubectl("delete", "cm", "aws-auth", "-n", "kube-system").returncode == 0
    sandbox.put_configmap(data)
    uid = live_uid(sandbox)
    assert uid != genuine["uid"]
    r = ssomap(sandbox, "restore", "latest", "--yes", "--force", env=env)
    assert r.returncode == 3
    assert_one_line_error(r)
    assert genuine["uid"] in r.stderr and uid in r.stderr
    assert sandbox.aws_auth() == data
    r = ssomap(sandbox, "restore", "latest", "--yes", "--force-uid-mismatch=" + genuine["uid"],
               env=env)
    assert r.returncode == 3 and "must name the live aws-auth's uid" in r.stderr
    r = ssomap(sandbox, "restore", "latest", "--yes", "--force-uid-mismatch=" + uid, env=env)
    assert r.returncode == 0, r.stderr
    assert role_entries(sandbox.aws_auth(), VIEW_ROLE) == []


def test_backups_are_pruned_keeping_the_newest_and_the_oldest_of_the_day(clean_aws_auth,
                                                                          tmp_path):
    sandbox = clean_aws_auth
    root = tmp_path / "backups"
    env = backup_env(sandbox, root, KUBECTL_SSOMAP_BACKUP_KEEP="2")
    names = []
    for i in range(5):
        group = f"group-{i}"
        r = ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", group, "--overwrite", env=env)
        assert r.returncode == 0, r.stderr
        names.append(os.path.basename(
            next(line.split(": ", 1)[1] for line in r.stderr.splitlines()
                 if line.startswith("backup of"))))
    kept = sorted(b["name"] for b in listing(sandbox, env)["backups"])
    # Taken within one day: the newest 2 and the day's oldest (several may share a second).
    assert names[0] in kept and names[-1] in kept and len(kept) <= 3
    r = ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", "x",
               env=dict(env, KUBECTL_SSOMAP_BACKUP_KEEP="zero"))
    assert r.returncode == 2 and "KUBECTL_SSOMAP_BACKUP_KEEP" in r.stderr


def test_temporary_files_of_killed_writes_are_removed_on_the_next_run(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    root = tmp_path / "backups"
    env = backup_env(sandbox, root)
    genuine = _genuine_backup(sandbox, env)
    directory = os.path.dirname(genuine["path"])
    dead = _dead_pid()
    leftover = os.path.join(directory, f".20261130T000000Z-rv1.json.{dead}.0123456789abcdef.tmp")
    live = os.path.join(directory, f".20261130T000000Z-rv2.json.{os.getpid()}.0123456789abcdef.tmp")
    sso_cache = os.path.join(sandbox.dir, ".aws", "sso", "cache")
    token_leftover = os.path.join(sso_cache, f".abc.json.{dead}.fedcba9876543210.tmp")
    for p in (leftover, live, token_leftover):
        with open(p, "w") as f:
            f.write('{"accessToken": "planted"}')
    assert ssomap(sandbox, "add", "--arn", VIEW_ROLE, "--group", "again", "--overwrite",
                  env=env).returncode == 0
    assert not os.path.exists(leftover)
    assert os.path.exists(live)  # its writer (this process) still runs
    os.unlink(live)
    r = ssomap(sandbox, "whoami", "--profile", "test-profile", env=env)
    assert r.returncode == 0, r.stderr
    assert not os.path.exists(token_leftover)


def _dead_pid():
    import subprocess
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid
