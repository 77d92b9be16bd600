"""Shell completion through real kubectl's plugin completion (issue 13 §3): `kubectl __complete
ssomap ...` finds kubectl_complete-ssomap on PATH, which runs `kubectl-ssomap __complete`, and
kubectl relays cobra's reply. The values are checked against real peers: kubectl's own context
and namespace lists, the AWS CLI's profile list, and `restore`'s own backup list."""
import json
import os
import subprocess

from cluster_support import BIN_DIR, VIEW_ROLE, plugin_env, ssomap

NO_FILE_COMP = 4
KEEP_ORDER = 32


def complete(sandbox, *words, env=None):
    """(candidates without descriptions, directive) of `kubectl __complete ssomap WORDS...`."""
    done = subprocess.run(["kubectl", "__complete", "ssomap", *words], env=env or plugin_env(sandbox),
                          capture_output=True, text=True, timeout=60, cwd=sandbox.dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines and lines[-1].startswith(":"), done.stdout
    return [line.split("\t")[0] for line in lines[:-1]], int(lines[-1][1:])


def test_the_helper_is_built_next_to_the_plugin():
    helper = BIN_DIR / "kubectl_complete-ssomap"
    assert helper.exists() and os.access(helper, os.X_OK)


def test_command_names_with_descriptions(sandbox):
    done = subprocess.run(["kubectl", "__complete", "ssomap", ""], env=plugin_env(sandbox),
                          capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    names = [line.split("\t")[0] for line in lines[:-1]]
    for command in ("add", "list", "remove", "restore", "whoami", "doctor", "arn", "version",
                    "completion", "migrate", "token", "help"):
        assert command in names
    assert all("\t" in line for line in lines[:-1])  # each with its summary
    assert lines[-1] == f":{NO_FILE_COMP}"
    assert complete(sandbox, "re")[0] == ["remove", "restore"]


def test_flags_of_the_command_typed(sandbox):
    flags, directive = complete(sandbox, "add", "--")
    for flag in ("--arn", "--profile", "--dry-run", "--context", "--kubeconfig", "--namespace",
                 "--output", "--help"):
        assert flag in flags
    assert directive & NO_FILE_COMP
    assert "--force" in complete(sandbox, "restore", "--f")[0]
    assert "--force" not in complete(sandbox, "list", "--f")[0]
    assert "-n" in complete(sandbox, "list", "-")[0]


def test_context_names_are_kubectls(sandbox):
    expected = sandbox.kubectl("config", "get-contexts", "-o", "name", context=None).stdout.split()
    assert sorted(complete(sandbox, "list", "--context", "")[0]) == sorted(expected)
    with_prefix = complete(sandbox, "list", "--context=adm")[0]
    assert with_prefix and all(c.startswith("--context=adm") for c in with_prefix)
    assert sorted(with_prefix) == sorted("--context=" + c for c in expected if c.startswith("adm"))


def test_profile_names_are_the_aws_clis(sandbox):
    expected = sandbox.aws("configure", "list-profiles").stdout.split()
    assert expected
    assert sorted(complete(sandbox, "whoami", "--profile", "")[0]) == sorted(set(expected))


def test_namespaces_come_from_the_cluster_of_the_context_typed(sandbox):
    listed = sandbox.kubectl("get", "namespaces", "-o", "name").stdout.split()
    expected = sorted(n.split("/", 1)[1] for n in listed)
    assert sorted(complete(sandbox, "add", "--context", "admin", "-n", "")[0]) == expected
    assert complete(sandbox, "add", "--context", "admin", "--namespace", "kube-")[0] == \
        [n for n in expected if n.startswith("kube-")]


def test_an_unreachable_cluster_offers_no_namespaces_and_no_error(sandbox, tmp_path):
    config = tmp_path / "config"
    config.write_text("apiVersion: v1\nkind: Config\ncurrent-context: gone\n"
                      "clusters: [{name: gone, cluster: {server: 'https://127.0.0.1:9'}}]\n"
                      "users: [{name: u, user: {token: t}}]\n"
                      "contexts: [{name: gone, context: {cluster: gone, user: u}}]\n")
    env = plugin_env(sandbox, KUBECONFIG=str(config))
    assert complete(sandbox, "list", "-n", "", env=env) == ([], NO_FILE_COMP)


def test_output_formats_are_the_ones_the_commands_accept(sandbox):
    formats, _ = complete(sandbox, "version", "-o", "")
    assert formats == ["table", "json", "yaml"]
    for f in formats:
        assert ssomap(sandbox, "version", "-o", f).returncode == 0
    assert complete(sandbox, "version", "--output=j")[0] == ["--output=json"]


def test_restore_offers_the_backups_of_the_context_newest_first(sandbox, clean_aws_auth):
    for flags in (["--view"], ["--group", "dev", "--overwrite"]):
        added = ssomap(sandbox, "add", "--arn", VIEW_ROLE, *flags)
        assert added.returncode == 0, added.stderr
    listed = ssomap(sandbox, "restore", "-o", "json")
    names = [b["name"] for b in json.loads(listed.stdout)["backups"]]
    assert len(names) >= 2
    candidates, directive = complete(sandbox, "restore", "")
    assert candidates == names + ["latest"]
    assert directive & KEEP_ORDER
    assert complete(sandbox, "restore", names[0][:10])[0][0] == names[0]


def test_completion_command_says_how_to_install_the_helper(sandbox):
    done = ssomap(sandbox, "completion")
    assert done.returncode == 0, done.stderr
    assert str(BIN_DIR / "kubectl_complete-ssomap") in done.stdout
    assert "ln -sf" in done.stdout and "KREW_ROOT" in done.stdout
    assert "source <(kubectl completion bash)" in done.stdout
