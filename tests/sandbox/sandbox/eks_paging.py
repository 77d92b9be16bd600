"""Pagination the way EKS checks it: `maxResults` in 1..100 (400 otherwise) and opaque
`nextToken`s the server issued for that very list (any other token is a 400, never a page)."""
import base64
import secrets
import threading

MAX_RESULTS = 100
_LOCK = threading.Lock()
_TOKENS = {}          # token -> (list key, offset)
_LIMIT = 10000        # tokens kept (oldest dropped)


class PageError(Exception):
    """400 InvalidParameterException with this message."""


def _issue(key, offset):
    token = base64.b64encode(secrets.token_bytes(24)).decode()
    with _LOCK:
        _TOKENS[token] = (key, offset)
        while len(_TOKENS) > _LIMIT:
            del _TOKENS[next(iter(_TOKENS))]
    return token


def paginate(query, key, items, token_key="nextToken", max_key="maxResults",
             maximum=MAX_RESULTS):
    """(page, nextToken or None) for a list identified by `key` (e.g. the request path);
    raises PageError for an out-of-range maxResults or a token not issued for `key`."""
    raw_max = (query.get(max_key) or [None])[0]
    limit = min(MAX_RESULTS, maximum)
    if raw_max not in (None, ""):
        try:
            limit = int(raw_max)
        except ValueError:
            raise PageError("The %s parameter is invalid: %r" % (max_key, raw_max))
        if not 1 <= limit <= maximum:
            raise PageError("%s must be between 1 and %d, got %d" % (max_key, maximum, limit))
    token = (query.get(token_key) or [None])[0]
    start = 0
    if token:
        with _LOCK:
            found = _TOKENS.get(token)
        if found is None or found[0] != key:
            raise PageError("The %s parameter is invalid" % token_key)
        start = found[1]
    page = items[start:start + limit]
    nxt = _issue(key, start + limit) if start + limit < len(items) else None
    return page, nxt
