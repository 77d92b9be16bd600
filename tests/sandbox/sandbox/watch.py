"""?watch=true: a chunked stream of ADDED/MODIFIED/DELETED events, found by polling the store
(the store keeps no history, so a watch from an old resourceVersion starts from now)."""
import json
import time

from . import kube_discovery as disc

POLL = 0.1
MAX_SECONDS = 300


def _write_chunk(handler, data):
    handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
    handler.wfile.flush()


def serve(handler, res, namespace, matches):
    store = handler.kc.store
    timeout = min(int(handler._arg("timeoutSeconds", str(MAX_SECONDS)) or MAX_SECONDS),
                  MAX_SECONDS)
    table = handler._wants_table()
    since = handler._arg("resourceVersion")

    def snapshot():
        items, _ = store.list(res.name, namespace or None)
        return {(o["metadata"].get("namespace", ""), o["metadata"]["name"]): o
                for o in items if matches(o)}

    def event(kind, obj):
        if table:
            obj = disc.table(res.name, [obj], obj["metadata"]["resourceVersion"])
        return json.dumps({"type": kind, "object": obj}).encode() + b"\n"

    handler.status_sent = 200
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    seen = snapshot()
    stopping = handler.sandbox.stopping
    handler.kc.watches += 1
    try:
        for obj in seen.values():
            if since in ("", "0") or int(obj["metadata"]["resourceVersion"]) > int(since or 0):
                _write_chunk(handler, event("ADDED", obj))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not stopping.is_set():
            time.sleep(POLL)
            now = snapshot()
            for key, obj in now.items():
                old = seen.get(key)
                if old is None:
                    _write_chunk(handler, event("ADDED", obj))
                elif old["metadata"]["resourceVersion"] != obj["metadata"]["resourceVersion"]:
                    _write_chunk(handler, event("MODIFIED", obj))
            for key, obj in seen.items():
                if key not in now:
                    _write_chunk(handler, event("DELETED", obj))
            seen = now
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass
    handler.close_connection = True
