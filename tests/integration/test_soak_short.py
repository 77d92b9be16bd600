"""The soak suite's short run in CI (issue 11 §9; the full run is bench/soak.py): 8 concurrent
workers, SSOMAP_SOAK_OPS operations (default 120) of add/remove/list against >= 10% faulted
API requests and a rival writer, bounded by SSOMAP_SOAK_SECONDS (default 240) of wall time."""
import os

from cluster_support import BIN_DIR, plugin_env
from soak_support import Soak

OPS = int(os.environ.get("SSOMAP_SOAK_OPS", "120"))
SECONDS = float(os.environ.get("SSOMAP_SOAK_SECONDS", "240"))


def test_soak_short(clean_aws_auth, tmp_path):
    sandbox = clean_aws_auth
    env = plugin_env(sandbox, KUBECTL_SSOMAP_BACKUP_DIR=str(tmp_path / "backups"),
                     KUBECTL_SSOMAP_BACKUP_KEEP="100000")
    soak = Soak(sandbox.sb, str(BIN_DIR / "kubectl-ssomap"), env, workers=8, ops=OPS,
                deadline=SECONDS).run()
    summary = soak.summary()
    print("soak", summary)
    assert summary["operations"] >= min(OPS, 40), summary
    assert summary["fault_share"] >= 0.10, summary
    assert soak.problems(sandbox.aws_auth(), tmp_path / "backups") == [], summary
