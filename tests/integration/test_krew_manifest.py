"""dist/ssomap.yaml, the krew manifest scripts/release renders from krew-manifest.yaml, against
every rule of krew's validation (kubernetes-sigs/krew internal/index/validation/validate.go and
cmd/validate-krew-manifest/main.go; reference: kubectl-krew-kube-api.md §1–§2); then each archive
installed exactly as krew installs it (internal/installation/install.go, move.go,
internal/download) and run through real kubectl with only KREW_ROOT/bin added to PATH."""
import glob
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from release_support import DIST, archive_for, extract, project_version, release, run_binary

PLATFORMS = {("windows", a) for a in ("386", "amd64", "arm64")} | \
            {("linux", a) for a in ("386", "amd64", "arm", "arm64", "ppc64le")} | \
            {("darwin", a) for a in ("386", "amd64", "arm64")}
RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
# krew semver.Parse: a leading "v", then apimachinery's ParseSemantic (no zero-prefixed parts).
SEMVER = re.compile(r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")
LICENSE_NAMES = {"license", "license.txt", "license.md", "licenses", "licenses.txt",
                 "licenses.md", "copying", "copying.txt"}


def selector_matches(selector, labels):
    """metav1.LabelSelector semantics: every matchLabels pair and every expression hold."""
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        has, value, op = e["key"] in labels, labels.get(e["key"]), e["operator"]
        if (op == "In" and value not in e["values"]) or (op == "NotIn" and has and value in e["values"]) \
                or (op == "Exists" and not has) or (op == "DoesNotExist" and has):
            return False
    return True


def validate(path: Path):
    """krew's ValidatePlugin with the name taken from the file name, then validate-krew-manifest's
    platform checks. Returns the manifest; raises AssertionError naming the broken rule."""
    assert path.suffix == ".yaml", "the manifest file must end in .yaml"
    name = path.stem
    m = yaml.safe_load(path.read_text())
    assert m["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2"
    assert m["kind"] == "Plugin"
    assert re.fullmatch(r"[\w-]+", name, re.ASCII) and name.lower() not in RESERVED
    assert m["metadata"]["name"] == name, "metadata.name must equal the file name"
    spec = m["spec"]
    assert spec.get("shortDescription") and not re.search(r"[\r\n]", spec["shortDescription"])
    assert spec.get("platforms"), "spec.platforms must not be empty"
    assert spec.get("version") and SEMVER.match(spec["version"]), spec.get("version")
    for p in spec["platforms"]:
        assert p.get("uri"), "uri"
        assert re.fullmatch(r"[a-f0-9]{64}", p.get("sha256") or ""), "sha256: 64 lowercase hex"
        assert p.get("bin"), "bin"
        assert "files" not in p or p["files"], "`files` has to be unspecified or non-empty"
        for f in p.get("files") or []:
            assert f.get("from") and f.get("to")
        sel = p.get("selector")
        assert sel and (sel.get("matchLabels") or sel.get("matchExpressions")), "empty selector"
        keys = set(sel.get("matchLabels") or {}) | {e["key"] for e in sel.get("matchExpressions") or []}
        assert keys <= {"os", "arch"}, keys
    # validate-krew-manifest: each selector matches a supported pair, and no pair twice.
    for i, p in enumerate(spec["platforms"]):
        assert any(selector_matches(p["selector"], {"os": o, "arch": a}) for o, a in PLATFORMS), i
    for o, a in PLATFORMS:
        hits = [i for i, p in enumerate(spec["platforms"])
                if selector_matches(p["selector"], {"os": o, "arch": a})]
        assert len(hits) <= 1, f"overlapping platform selectors for {o}/{a}: {hits}"
    return m


def krew_install(manifest, archive: Path, krew_root: Path, os_="linux", arch="amd64"):
    """`kubectl krew install --manifest=dist/ssomap.yaml --archive=ARCHIVE` with KREW_OS/ARCH,
    step by step as krew does it; returns the install directory."""
    name, version = manifest["metadata"]["name"], manifest["spec"]["version"]
    platform = next(p for p in manifest["spec"]["platforms"]
                    if selector_matches(p["selector"], {"os": os_, "arch": arch}))
    data = archive.read_bytes()
    assert hashlib.sha256(data).hexdigest() == platform["sha256"], "checksum does not match"
    assert data[:2] == b"\x1f\x8b", "krew sniffs application/x-gzip or zip"
    staging = krew_root / "staging"
    staging.mkdir(parents=True)
    extract(archive, staging)
    install_dir = krew_root / "store" / name / version
    install_dir.mkdir(parents=True)
    for op in platform.get("files") or [{"from": "*", "to": "."}]:
        assert os.path.normpath(op["to"]) == op["to"], "`to` must be a clean path"
        source = staging / op["from"]
        if source.is_file():  # a direct move; `to: .` keeps the base name
            moves = [(source, install_dir / op["to"] / source.name if op["to"] == "."
                      else install_dir / op["to"])]
        else:  # a single-level glob; matches go into directory `to`
            moves = [(Path(x), install_dir / op["to"] / Path(x).name)
                     for x in sorted(glob.glob(str(source)))]
        assert moves, f"no files in the plugin archive matched the glob pattern {op['from']}"
        for src, dst in moves:
            assert dst.resolve().is_relative_to(install_dir.resolve())
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(src), str(dst))
    binary = (install_dir / platform["bin"]).resolve()
    assert binary.is_relative_to(install_dir.resolve()) and binary.exists(), platform["bin"]
    (krew_root / "bin").mkdir()
    os.symlink(binary, krew_root / "bin" / ("kubectl-" + name.replace("-", "_")))
    (krew_root / "receipts").mkdir()
    (krew_root / "receipts" / f"{name}.yaml").write_text(yaml.safe_dump(manifest))
    assert {f.name.lower() for f in install_dir.iterdir()} & LICENSE_NAMES, \
        "LICENSE (or alike) file is not extracted from the archive as part of installation"
    return install_dir


@pytest.fixture(scope="module")
def manifest():
    release()
    return validate(DIST / "ssomap.yaml")


def test_manifest_passes_krews_validation(manifest):
    spec = manifest["spec"]
    assert spec["version"] == "v" + project_version()
    assert len(spec["shortDescription"]) <= 50  # krew-index maintainers' limit
    assert all(len(line) <= 80 for line in spec["description"].splitlines())
    assert spec["homepage"].startswith("https://")


def test_manifest_lists_exactly_the_platforms_built_with_their_real_sha256(manifest):
    built = release()
    listed = {p["selector"]["matchLabels"]["arch"]: p for p in manifest["spec"]["platforms"]}
    assert set(listed) == set(built)
    for arch, p in listed.items():
        assert p["sha256"] == hashlib.sha256(built[arch].read_bytes()).hexdigest()
        assert p["uri"].startswith("https://") and p["uri"].endswith("/" + built[arch].name)
        assert p["bin"] == "kubectl-ssomap"


def test_validation_refuses_what_krew_refuses(tmp_path, manifest):
    """The checker above is itself checked: each broken rule is caught."""
    breaks = [lambda m: m.update(apiVersion="krew.googlecontainertools.github.com/v1alpha1"),
              lambda m: m["metadata"].update(name="other"),
              lambda m: m["spec"].update(version="0.1.0"),
              lambda m: m["spec"].update(version="v01.1.0"),
              lambda m: m["spec"].update(shortDescription="two\nlines"),
              lambda m: m["spec"]["platforms"][0].update(sha256="A" * 64),
              lambda m: m["spec"]["platforms"][0].update(files=[]),
              lambda m: m["spec"]["platforms"][0].update(selector={"matchLabels": {}}),
              lambda m: m["spec"]["platforms"][0]["selector"]["matchLabels"].update(distro="x"),
              lambda m: m["spec"]["platforms"].append(dict(m["spec"]["platforms"][0]))]
    for breaking in breaks:
        m = yaml.safe_load(yaml.safe_dump(manifest))
        breaking(m)
        path = tmp_path / "ssomap.yaml"
        path.write_text(yaml.safe_dump(m))
        with pytest.raises(AssertionError):
            validate(path)


@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_installs_as_krew_does_and_runs_through_kubectl(manifest, tmp_path, arch):
    archive_for(arch)
    krew_root = tmp_path / "krew"
    install_dir = krew_install(manifest, release()[arch], krew_root, arch=arch)
    assert sorted(f.name for f in install_dir.iterdir()) == \
        ["LICENSE", "kubectl-ssomap", "kubectl_complete-ssomap"]
    kubectl_dir = os.path.dirname(shutil.which("kubectl"))
    env = {"HOME": str(tmp_path), "PATH": f"{krew_root / 'bin'}:{kubectl_dir}:/usr/bin:/bin"}
    if arch != "amd64" and not os.path.exists("/proc/sys/fs/binfmt_misc/qemu-aarch64"):
        # kubectl execs the plugin itself; without binfmt_misc an arm64 file cannot be exec'd
        # here, so the installed link is run under qemu-user instead.
        done = run_binary(krew_root / "bin" / "kubectl-ssomap", arch, ["version"], env=env)
    else:
        done = subprocess.run(["kubectl", "ssomap", "version"], env=env, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"kubectl-ssomap {project_version()} (release")
