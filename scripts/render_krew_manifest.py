#!/usr/bin/python3
"""Renders krew-manifest.yaml into a krew manifest (used by scripts/release):
render_krew_manifest.py TEMPLATE VERSION OUT ARCHIVE...

Each ARCHIVE is dist/kubectl-ssomap_<version>_<os>_<arch>.tar.gz; its platform gets the archive's
real SHA-256, and template platforms without an archive are dropped (the manifest lists only what
was built). "{version}" becomes VERSION everywhere."""
import hashlib
import re
import sys
from pathlib import Path

import yaml

ARCHIVE = re.compile(r"kubectl-ssomap_(v[^_]+)_([a-z0-9]+)_([a-z0-9]+)\.tar\.gz$")


class Literal(str):
    """A multi-line string written as a YAML literal block, as in the template."""


def literal(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def render(template: str, version: str, archives: list[Path]) -> str:
    manifest = yaml.safe_load(template.replace("{version}", version))
    built = {}
    for a in archives:
        m = ARCHIVE.search(a.name)
        if not m or m.group(1) != version:
            sys.exit(f"render_krew_manifest: {a} is not kubectl-ssomap_{version}_OS_ARCH.tar.gz")
        built[(m.group(2), m.group(3))] = hashlib.sha256(a.read_bytes()).hexdigest()
    platforms = []
    for p in manifest["spec"]["platforms"]:
        labels = p["selector"]["matchLabels"]
        sha = built.pop((labels["os"], labels["arch"]), None)
        if sha is not None:
            p["sha256"] = sha
            platforms.append(p)
    if built:
        sys.exit(f"render_krew_manifest: the template has no platform for {sorted(built)}")
    if not platforms:
        sys.exit("render_krew_manifest: no archive given")
    manifest["spec"]["platforms"] = platforms
    for key in ("description", "caveats"):
        if key in manifest["spec"]:
            manifest["spec"][key] = Literal(manifest["spec"][key])
    yaml.SafeDumper.add_representer(Literal, literal)
    return yaml.safe_dump(manifest, sort_keys=False, width=200)


def main():
    template, version, out, *archives = sys.argv[1:]
    Path(out).write_text(render(Path(template).read_text(), version, [Path(a) for a in archives]))


if __name__ == "__main__":
    main()
