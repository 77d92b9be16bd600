"""What the release tests share: running scripts/release once per session, the archives it wrote,
and reading ELF files with binutils (readelf, objdump; aarch64 files with the same tools: both
read any ELF they are given)."""
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"

# The libraries the release binary may need from the system (issue 13): present with these
# sonames on Amazon Linux 2023, RHEL 9, Ubuntu 22.04 and Debian 12.
# Plus the program's own interpreter, the dynamic loader (present wherever glibc is): the static
# libstdc++ imports __tls_get_addr@GLIBC_2.3 from it.
ALLOWED_NEEDED = {"libc.so.6", "libm.so.6", "libgcc_s.so.1", "libstdc++.so.6", "libcurl.so.4",
                  "libssl.so.3", "libcrypto.so.3", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
# The oldest of those systems' glibc and libstdc++ (RHEL 9: glibc 2.34, GCC 11's GLIBCXX_3.4.29).
MAX_VERSIONS = {"GLIBC": (2, 34), "GLIBCXX": (3, 4, 29), "CXXABI": (1, 3, 13)}
# Where each architecture's libraries and dynamic loader are on this Debian (multiarch).
MULTIARCH = {"amd64": ("x86_64-linux-gnu", "/lib64/ld-linux-x86-64.so.2"),
             "arm64": ("aarch64-linux-gnu", "/lib/ld-linux-aarch64.so.1")}
QEMU = shutil.which("qemu-aarch64-static") or shutil.which("qemu-aarch64")

_released = None


def release():
    """Runs scripts/release once per test session (incremental: a built tree is only packed
    again) and returns {arch: archive path} for what it wrote."""
    global _released
    if _released is None:
        done = subprocess.run([str(ROOT / "scripts" / "release")], cwd=ROOT, capture_output=True,
                              text=True, timeout=3600)
        assert done.returncode == 0, done.stderr[-4000:]
        version = "v" + project_version()
        _released = {}
        for arch in MULTIARCH:
            archive = DIST / f"kubectl-ssomap_{version}_linux_{arch}.tar.gz"
            if archive.exists() and arch in built_arches(done.stderr):
                _released[arch] = archive
    return _released


def expected_arches():
    """The architectures scripts/release was asked for (its own default): scripts/test asks for
    amd64 and arm64, so there a missing archive fails instead of being skipped."""
    return os.environ.get("SSOMAP_RELEASE_ARCHES", "amd64").split()


def archive_for(arch):
    """The archive of `arch`; a test is skipped only for an architecture nobody asked for."""
    import pytest
    archives = release()
    if arch not in archives:
        assert arch not in expected_arches(), \
            f"scripts/release was asked for {arch} (SSOMAP_RELEASE_ARCHES) but wrote no archive"
        pytest.skip(f"scripts/release was not asked for {arch} (SSOMAP_RELEASE_ARCHES)")
    return archives[arch]


def built_arches(release_stderr):
    m = re.search(r"^dist/ssomap\.yaml: (.*)$", release_stderr, re.M)
    assert m, release_stderr[-2000:]
    return m.group(1).split()


def project_version():
    m = re.search(r"version\s*:\s*'([^']+)'", (ROOT / "meson.build").read_text())
    return m.group(1)


def extract(archive, into):
    """The archive's files, extracted with krew's rules (download/downloader.go extractTARGZ)."""
    into = Path(into)
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name == "pax_global_header":
                continue
            assert ".." not in member.name and not member.name.startswith(("/", "\\")), member.name
            assert member.isreg() or member.isdir(), f"krew cannot handle {member.name} ({member.type})"
            target = into / member.name
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True, mode=member.mode)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.chmod(target, member.mode)
    return into


def needed(path):
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True)
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out.stdout)


def symbol_versions(path):
    """{'GLIBC': {(2, 34), ...}, 'GLIBCXX': {...}} of the dynamic symbols it imports."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True)
    versions = {}
    for name, number in re.findall(r"\b(GLIBC|GLIBCXX|CXXABI)_([0-9.]+)\b", out.stdout):
        versions.setdefault(name, set()).add(tuple(int(x) for x in number.split(".")))
    return versions


def library_path(soname, arch):
    triplet, _ = MULTIARCH[arch]
    for d in (f"/lib/{triplet}", f"/usr/lib/{triplet}"):
        if os.path.exists(os.path.join(d, soname)):
            return os.path.realpath(os.path.join(d, soname))
    raise AssertionError(f"{soname} ({arch}) is not installed")


def run_binary(binary, arch, args, **kwargs):
    """Runs an ELF of `arch`: directly for amd64, under qemu-user for arm64."""
    prefix = [] if arch == "amd64" else [QEMU, "-L", "/"]
    return subprocess.run(prefix + [str(binary), *args], capture_output=True, text=True,
                          timeout=120, **kwargs)
