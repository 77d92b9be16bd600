"""The release binary in a minimal root (issue 13 §1): a chroot holding only the binary, the
libraries it needs (the allowed set, plus what libcurl and OpenSSL themselves need, as the target
system provides them) and the dynamic loader — no yaml-cpp, no fmt, nothing else from /usr.
`version`, `arn` and a sandbox `list` must work there. Needs root (chroot(2))."""
import os
import shutil
import subprocess

import pytest

from cluster_support import ADMIN_ROLE, NODE_ROLE, PATHFUL_ADMIN_ROLE
from release_support import (ALLOWED_NEEDED, MULTIARCH, QEMU, archive_for, expected_arches,
                             extract, library_path, needed, release)

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="chroot needs root")


def closure(binary, arch):
    """{soname: host path} of every library `binary` loads, transitively (DT_NEEDED)."""
    found, todo = {}, list(needed(binary))
    while todo:
        soname = todo.pop()
        if soname in found:
            continue
        found[soname] = library_path(soname, arch)
        todo.extend(needed(found[soname]))
    return found


def minimal_root(tmp_path, arch, sandbox_dir):
    unpacked = extract(release()[arch], tmp_path / "archive")
    root = tmp_path / "root"
    (root / "tmp").mkdir(parents=True)
    shutil.copy2(unpacked / "kubectl-ssomap", root / "kubectl-ssomap")
    triplet, loader = MULTIARCH[arch]
    libs = closure(unpacked / "kubectl-ssomap", arch)
    libdir = root / "lib" / triplet
    libdir.mkdir(parents=True)
    for soname, path in libs.items():
        shutil.copy2(path, libdir / soname)
    (root / loader.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(os.path.realpath(loader), root / loader.lstrip("/"))
    if arch != "amd64":
        shutil.copy2(QEMU, root / "qemu")
    # The sandbox's HOME (kubeconfig, AWS files, its CA) at the same path inside the root.
    shutil.copytree(sandbox_dir, root / str(sandbox_dir).lstrip("/"),
                    ignore=lambda d, names: [n for n in names
                                             if not (os.path.isfile(os.path.join(d, n)) or
                                                     os.path.isdir(os.path.join(d, n)))])
    return root, libs


def in_root(root, arch, env, *args):
    prefix = ["/kubectl-ssomap"] if arch == "amd64" else ["/qemu", "/kubectl-ssomap"]
    chroot = shutil.which("chroot", path="/usr/sbin:/sbin:/usr/bin:/bin")
    return subprocess.run([chroot, str(root), *prefix, *args], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_version_arn_and_list_in_a_minimal_root(sandbox, tmp_path, arch):
    archive_for(arch)
    if arch != "amd64" and not QEMU:
        assert arch not in expected_arches(), "no qemu-user to run arm64 (scripts/install-deps)"
        pytest.skip("no qemu-user to run arm64")
    root, libs = minimal_root(tmp_path, arch, sandbox.dir)
    direct = set(needed(root / "kubectl-ssomap"))
    assert direct <= ALLOWED_NEEDED
    assert not [s for s in libs if "yaml" in s or "fmt" in s or "stdc++" in s]
    env = dict(sandbox.env, PATH="/")

    version = in_root(root, arch, env, "version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("kubectl-ssomap ") and "release" in version.stdout

    arn = in_root(root, arch, env, "arn", PATHFUL_ADMIN_ROLE)
    assert arn.returncode == 0, arn.stderr
    assert arn.stdout.strip() == ADMIN_ROLE

    listed = in_root(root, arch, env, "list", "--context", "admin", "-o", "json")
    assert listed.returncode == 0, listed.stderr
    assert NODE_ROLE in listed.stdout
