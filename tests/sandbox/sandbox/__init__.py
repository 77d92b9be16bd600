"""eksbox: a local stand-in for EKS, IAM Identity Center, STS and IAM, for tests and demos.

    from sandbox import Sandbox
    sb = Sandbox.start("/tmp/box")          # servers up, HOME written to /tmp/box
    subprocess.run(["kubectl", "get", "pods", "-A"], env=sb.env)
    sb.inject_fault("sts", path="GetCallerIdentity", status=503)
    sb.stop()
"""
from .core import Sandbox
from .client import SandboxClient

__all__ = ["Sandbox", "SandboxClient"]
