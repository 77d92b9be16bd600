#!/usr/bin/python3
"""Sums test results from meson's testlog.json files and JUnit XML files into one line:
"N passed, N failed". doctest binaries count their test cases; other meson tests count as one.
Exits 1 when anything failed, a result file is missing, or nothing ran at all."""
import json
import re
import sys
import xml.etree.ElementTree as ET

DOCTEST = re.compile(r"\[doctest\] test cases:\s*(\d+) \|\s*(\d+) passed \|\s*(\d+) failed")


def meson_counts(path):
    passed = failed = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            m = DOCTEST.search(entry.get("stdout") or "")
            ok = entry.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
            if m:
                passed += int(m.group(2))
                failed += int(m.group(3))
                if not ok and int(m.group(3)) == 0:
                    failed += 1  # crashed or sanitizer report after the tests passed
            elif ok:
                passed += 1
            else:
                failed += 1
                print(f"failed: {path}: {entry.get('name')}", file=sys.stderr)
    return passed, failed


def junit_counts(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    passed = failed = 0
    for s in suites:
        total = int(s.get("tests", 0))
        bad = int(s.get("failures", 0)) + int(s.get("errors", 0))
        skipped = int(s.get("skipped", 0))
        passed += total - bad - skipped
        failed += bad
    return passed, failed


def main(paths):
    passed = failed = 0
    for path in paths:
        try:
            p, f = junit_counts(path) if path.endswith(".xml") else meson_counts(path)
        except (OSError, ValueError, ET.ParseError) as e:
            print(f"missing or unreadable results: {path}: {e}", file=sys.stderr)
            p, f = 0, 1
        print(f"  {path}: {p} passed, {f} failed", file=sys.stderr)
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
