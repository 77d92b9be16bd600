"""Fault injection: make the next N requests that match fail or slow down.

A fault matches on service (sts, sso, sso-oidc, iam, eks, kube, or "*"), HTTP method and a
regular expression searched in the request path (query string included) and, when `body` is
given, a regular expression searched in the request body. Actions:
  status  answer with `status` (a service-shaped error body; Retry-After when given)
  error   answer with `status`, the service's error `code` and `message` (e.g. EKS's transient
          400 InvalidParameterException "invalid principal." of IAM eventual consistency)
  drop    reset the connection without answering
  drop_after  serve the request (a write is applied), then reset the connection without
          answering: the reply to a successful write is lost
  delay   wait `delay` seconds, then serve the request normally
"""
import dataclasses
import itertools
import re
import threading

ACTIONS = ("status", "drop", "drop_after", "delay", "error")


@dataclasses.dataclass
class Fault:
    id: int
    service: str = "*"
    method: str = "*"
    path: str = ""
    count: int = 1
    action: str = "status"
    status: int = 503
    retry_after: int = None
    delay: float = 0.0
    hits: int = 0
    code: str = ""
    message: str = ""
    body: str = ""

    def matches(self, service, method, path, body=b""):
        return ((self.service in ("*", service)) and
                (self.method in ("*", method.upper())) and
                (not self.path or re.search(self.path, path) is not None) and
                (not self.body or re.search(self.body, body.decode("utf-8", "replace"))
                 is not None))

    def to_dict(self):
        return dataclasses.asdict(self)


class FaultRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []
        self._ids = itertools.count(1)

    def add(self, service="*", method="*", path="", count=1, action="status", status=None,
            retry_after=None, delay=0.0, code="", message="", body=""):
        if action not in ACTIONS:
            raise ValueError("action must be one of %s" % ", ".join(ACTIONS))
        if action == "error" and not (code and status):
            raise ValueError("action error needs status and code")
        if status is None:
            status = 429 if retry_after is not None else 503
        re.compile(path or "")
        re.compile(body or "")
        fault = Fault(next(self._ids), service, (method or "*").upper(), path or "",
                      int(count), action, int(status),
                      None if retry_after is None else int(retry_after), float(delay),
                      code=code or "", message=message or "", body=body or "")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, service, method, path, body=b""):
        """The first live fault matching this request, consuming one of its N uses."""
        with self._lock:
            for fault in self._faults:
                if fault.count > 0 and fault.matches(service, method, path, body):
                    fault.count -= 1
                    fault.hits += 1
                    return dataclasses.replace(fault)
        return None

    def clear(self):
        with self._lock:
            self._faults = []

    def list(self):
        with self._lock:
            return [f.to_dict() for f in self._faults]


class RequestLog:
    """Every request served, for tests that count calls or retries."""

    def __init__(self, limit=20000):
        self._lock = threading.Lock()
        self._entries = []
        self._limit = limit

    def add(self, **entry):
        with self._lock:
            self._entries.append(entry)
            if len(self._entries) > self._limit:
                del self._entries[: len(self._entries) - self._limit]

    def entries(self, service=None):
        with self._lock:
            return [dict(e) for e in self._entries if service in (None, e["service"])]

    def clear(self):
        with self._lock:
            self._entries = []
