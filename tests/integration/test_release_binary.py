"""The release binaries and archives scripts/release writes (issue 13 §1, §2): what they need
from the system (readelf -d), the symbol versions they import (objdump -T), stripped, and the
archives regular files only, with the right modes, and byte-identical from run to run."""
import hashlib
import subprocess
import tarfile

import pytest

from release_support import (ALLOWED_NEEDED, MAX_VERSIONS, ROOT, archive_for, extract, needed,
                             release, run_binary, symbol_versions)

ARCHES = ["amd64", "arm64"]
MACHINE = {"amd64": "Advanced Micro Devices X86-64", "arm64": "AArch64"}


@pytest.fixture(params=ARCHES)
def unpacked(request, tmp_path):
    arch = request.param
    return arch, extract(archive_for(arch), tmp_path)


def test_needs_only_the_libraries_every_target_system_has(unpacked):
    arch, d = unpacked
    libs = needed(d / "kubectl-ssomap")
    assert set(libs) <= ALLOWED_NEEDED, sorted(set(libs) - ALLOWED_NEEDED)
    # yaml-cpp, libyaml and fmt are linked in, whatever the build machine has.
    assert not [x for x in libs if "yaml" in x or "fmt" in x]


def test_imports_no_symbol_version_newer_than_rhel9(unpacked):
    arch, d = unpacked
    versions = symbol_versions(d / "kubectl-ssomap")
    assert versions.get("GLIBC"), "objdump -T found no GLIBC versions: not a dynamic binary?"
    for name, found in versions.items():
        assert max(found) <= MAX_VERSIONS[name], f"{name}_{'.'.join(map(str, max(found)))}"


def test_is_stripped_and_of_its_architecture(unpacked):
    arch, d = unpacked
    headers = subprocess.run(["readelf", "-hS", str(d / "kubectl-ssomap")], capture_output=True,
                             text=True, check=True).stdout
    assert MACHINE[arch] in headers
    assert ".symtab" not in headers and ".debug_info" not in headers


def test_runs_and_reports_a_release_build(unpacked):
    arch, d = unpacked
    done = run_binary(d / "kubectl-ssomap", arch, ["version", "-o", "json"])
    assert done.returncode == 0, done.stderr
    assert '"buildType": "release"' in done.stdout


def test_archive_holds_regular_files_with_modes_and_fixed_metadata():
    for arch, archive in release().items():
        with tarfile.open(archive, "r:gz") as tar:
            members = {m.name: m for m in tar.getmembers()}
        assert sorted(members) == ["LICENSE", "kubectl-ssomap", "kubectl_complete-ssomap"]
        for m in members.values():
            assert m.isreg() and m.uid == 0 and m.gid == 0 and m.uname in ("", "root")
            assert m.mtime == members["LICENSE"].mtime
        assert members["kubectl-ssomap"].mode == 0o755
        assert members["kubectl_complete-ssomap"].mode == 0o755
        assert members["LICENSE"].mode == 0o644
        # gzip -n: no file name and no time stamp in the gzip header (bytes 4..7 are MTIME).
        head = archive.read_bytes()[:10]
        assert head[:2] == b"\x1f\x8b" and head[3] & 0x08 == 0 and head[4:8] == b"\0\0\0\0"


def test_two_runs_give_byte_identical_archives_and_manifest():
    first = {a: hashlib.sha256(p.read_bytes()).hexdigest() for a, p in release().items()}
    manifest = (ROOT / "dist" / "ssomap.yaml").read_bytes()
    again = subprocess.run([str(ROOT / "scripts" / "release"), *first], cwd=ROOT,
                           capture_output=True, text=True, timeout=3600)
    assert again.returncode == 0, again.stderr[-2000:]
    second = {a: hashlib.sha256(p.read_bytes()).hexdigest() for a, p in release().items()}
    assert first == second
    assert (ROOT / "dist" / "ssomap.yaml").read_bytes() == manifest
