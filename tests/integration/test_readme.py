"""README.md's command blocks against the sandbox (issue 13 §4): every ```sh block is run line by
line, in order, through real kubectl with the plugin on PATH, as a newcomer would type them. A
line ending in "# exit N" must exit N, every other line 0. Install steps are ```console blocks
(they install software) and are checked for what they name, not run."""
import re
import subprocess

from cluster_support import BIN_DIR, plugin_env
from release_support import ROOT

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
EXPECT = re.compile(r"#\s*exit\s+(\d+)\s*$")


def blocks(kind):
    return [body for lang, body in FENCE.findall((ROOT / "README.md").read_text()) if lang == kind]


def commands():
    for body in blocks("sh"):
        for line in body.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                m = EXPECT.search(line)
                yield line, int(m.group(1)) if m else 0


def test_the_readme_has_runnable_blocks_for_every_command():
    typed = " ".join(line for line, _ in commands())
    for command in ("arn", "whoami", "add", "list", "doctor", "remove", "restore", "version",
                    "completion", "migrate", "token"):
        assert f"kubectl ssomap {command}" in typed, command
    # Every authentication mode's flags are shown running (issue 12).
    for flag in ("--mode configmap", "--admin-profile", "--cluster-name", "--permission-set",
                 "--check-iam"):
        assert flag in typed, flag


def test_every_sh_block_works_against_the_sandbox(fresh_sandbox):
    env = plugin_env(fresh_sandbox)
    failures = []
    for line, expected in commands():
        done = subprocess.run(["bash", "-c", line], env=env, cwd=fresh_sandbox.dir,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != expected:
            failures.append(f"{line}\n  exit {done.returncode}, expected {expected}\n"
                            f"  {done.stderr.strip()[-600:]}")
    assert not failures, "\n".join(failures)


def test_install_blocks_name_what_exists():
    text = "\n".join(blocks("console"))
    for script in re.findall(r"\bscripts/[\w-]+", text):
        assert (ROOT / script).exists(), script
    assert "build/plugin" in text and (BIN_DIR.name == "plugin")
    assert "--manifest=dist/ssomap.yaml" in text
    version = re.search(r"version\s*:\s*'([^']+)'", (ROOT / "meson.build").read_text()).group(1)
    assert f"kubectl-ssomap_v{version}_linux_amd64.tar.gz" in text
