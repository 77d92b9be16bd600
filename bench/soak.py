#!/usr/bin/python3
"""The full soak run (issue 11 §9): W concurrent workers (default 8), N operations (default
600) of add/remove/list with >= 12% of API requests faulted (5xx with Retry-After, 500, resets,
delays past --request-timeout, 409s) and a rival `kubectl replace` writer, then the verdict:
aws-auth equals the model of the operations that reported "applied", nothing the rival wrote is
lost, the node role entry is byte-identical, every write has a backup. Prints the figures as
JSON; exits 1 when the verdict finds a problem. Not a test: CI runs the short one
(tests/integration/test_soak_short.py).

    /usr/bin/python3 bench/soak.py [--bin build/plugin/kubectl-ssomap] [--workers 8] [--ops 600]
"""
import argparse
import json
import os
import sys
import tempfile

import benchlib
from sandbox import Sandbox  # noqa: E402  (benchlib puts tests/sandbox on sys.path)

sys.path.insert(0, str(benchlib.ROOT / "tests" / "integration"))
from soak_support import Soak  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=benchlib.DEFAULT_BIN)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--ops", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--fault-share", type=float, default=0.12)
    parser.add_argument("--deadline", type=float, default=1800.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ssomap-soak-") as tmp:
        sb = Sandbox.start(os.path.join(tmp, "eksbox"))
        try:
            env = dict(sb.env, PATH="%s:/usr/local/bin:/usr/bin:/bin" % os.path.dirname(
                os.path.abspath(args.bin)), KUBECTL_SSOMAP_BACKUP_DIR=os.path.join(tmp, "b"),
                KUBECTL_SSOMAP_BACKUP_KEEP="1000000")
            soak = Soak(sb, os.path.abspath(args.bin), env, workers=args.workers, ops=args.ops,
                        seed=args.seed, fault_share=args.fault_share,
                        deadline=args.deadline).run()
            problems = soak.problems(sb.aws_auth(), os.path.join(tmp, "b"))
            print(json.dumps(dict(soak.summary(), problems=problems), indent=2))
            return 1 if problems else 0
        finally:
            sb.stop()


if __name__ == "__main__":
    sys.exit(main())
