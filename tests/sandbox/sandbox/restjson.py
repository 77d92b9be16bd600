"""rest-json helpers shared by the SSO portal, SSO-OIDC and EKS."""


def error(handler, status, code, message, headers=None, extra=None):
    """An error the way rest-json services send it: x-amzn-ErrorType plus a JSON body."""
    hdrs = {"x-amzn-ErrorType": code + ":http://internal.amazon.com/coral/com.amazon.eksbox/",
            "x-amzn-RequestId": handler.request_id}
    hdrs.update(headers or {})
    body = {"message": message}
    body.update(extra or {})
    handler.send_json(status, body, hdrs)


def ok(handler, obj, status=200):
    handler.send_json(status, obj, {"x-amzn-RequestId": handler.request_id})


def paginate(handler, items, token_key, max_key, default_max=100):
    """Slice a list by the service's nextToken/maxResults query parameters."""
    try:
        start = int((handler.query.get(token_key) or ["0"])[0] or 0)
        limit = int((handler.query.get(max_key) or [str(default_max)])[0])
    except ValueError:
        return None, None
    page = items[start:start + limit]
    nxt = str(start + limit) if start + limit < len(items) else None
    return page, nxt


def fault(handler, status, retry_after):
    code = {429: "TooManyRequestsException", 503: "ServiceUnavailableException"}.get(
        status, "ServerException" if status >= 500 else "ClientException")
    headers = {"Retry-After": retry_after} if retry_after is not None else None
    error(handler, status, code, "injected fault", headers)
