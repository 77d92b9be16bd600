"""krew-manifest.yaml against the rules krew's ValidatePlugin and validate-krew-manifest enforce
(reference: kubectl-krew-kube-api.md §1)."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS = {("windows", a) for a in ("386", "amd64", "arm64")} | \
            {("linux", a) for a in ("386", "amd64", "arm", "arm64", "ppc64le")} | \
            {("darwin", a) for a in ("386", "amd64", "arm64")}
RESERVED = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
SEMVER = re.compile(r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")


def manifest():
    return yaml.safe_load((ROOT / "krew-manifest.yaml").read_text())


def test_header_and_name():
    m = manifest()
    assert m["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2"
    assert m["kind"] == "Plugin"
    name = m["metadata"]["name"]
    assert re.fullmatch(r"[\w-]+", name, re.ASCII) and name.lower() not in RESERVED
    assert name == "ssomap"  # krew links it as kubectl-ssomap


def test_spec_fields():
    spec = manifest()["spec"]
    assert SEMVER.match(spec["version"])
    assert spec["shortDescription"] and "\n" not in spec["shortDescription"] and "\r" not in spec["shortDescription"]
    assert len(spec["shortDescription"]) <= 50
    assert all(len(line) <= 80 for line in spec["description"].splitlines())
    assert spec["homepage"].startswith("https://")


def test_platforms():
    platforms = manifest()["spec"]["platforms"]
    assert platforms
    seen = set()
    for p in platforms:
        labels = p["selector"]["matchLabels"]
        pair = (labels["os"], labels["arch"])
        assert pair in PLATFORMS and pair not in seen
        seen.add(pair)
        assert p["uri"].startswith("https://") and p["uri"].endswith((".tar.gz", ".zip"))
        assert re.fullmatch(r"[0-9a-f]{64}", p["sha256"])
        assert p["bin"] == ("kubectl-ssomap.exe" if labels["os"] == "windows" else "kubectl-ssomap")
        sources = [f["from"] for f in p["files"]]
        assert "LICENSE" in sources and p["bin"] in sources


def test_the_license_it_ships_exists():
    assert (ROOT / "LICENSE").read_text().startswith(("Apache License", "\n", " "))
    assert "Apache License" in (ROOT / "LICENSE").read_text()
