"""The AWS query protocol (STS, IAM): parameters in, XML or JSON documents out."""
import urllib.parse
from xml.sax.saxutils import escape

from . import sigv4check


def params(handler):
    """Merged query-string and form-body parameters (the body wins)."""
    out = dict(sigv4check.parse_query(handler.query_string))
    ctype = handler.headers.get("Content-Type", "")
    if handler.command == "POST" and "x-www-form-urlencoded" in ctype:
        out.update(urllib.parse.parse_qsl(handler.body.decode(), keep_blank_values=True))
    return out


def wants_json(handler):
    return "application/json" in handler.headers.get("Accept", "").lower()


def to_xml(value, indent="    "):
    """Render nested dicts/lists of strings as XML elements (lists become <member>s)."""
    if isinstance(value, dict):
        return "".join("%s<%s>%s</%s>\n" % (indent, k, to_xml(v, indent + "  "), k)
                       if isinstance(v, (dict, list)) else
                       "%s<%s>%s</%s>\n" % (indent, k, escape(str(v)), k)
                       for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return "\n" + "".join("%s<member>\n%s%s</member>\n" % (indent, to_xml(v, indent + "  "),
                                                                indent) for v in value)
    return escape(str(value))


def respond(handler, action, result, namespace):
    """A successful answer in the query protocol's XML, or JSON when asked for."""
    if wants_json(handler):
        body = {action + "Response": {action + "Result": result,
                                      "ResponseMetadata": {"RequestId": handler.request_id}}}
        return handler.send_json(200, body)
    xml = ('<%sResponse xmlns="%s">\n  <%sResult>\n%s  </%sResult>\n  <ResponseMetadata>\n'
           '    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n</%sResponse>\n'
           % (action, namespace, action, to_xml(result), action, handler.request_id, action))
    handler.send_body(200, xml, "text/xml")


def error(handler, status, code, message, namespace, kind="Sender", headers=None):
    if wants_json(handler):
        body = {"Error": {"Code": code, "Message": message, "Type": kind},
                "RequestId": handler.request_id}
        return handler.send_json(status, body, headers)
    xml = ('<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>%s</Type>\n    <Code>%s</Code>\n'
           '    <Message>%s</Message>\n  </Error>\n  <RequestId>%s</RequestId>\n'
           '</ErrorResponse>\n' % (namespace, kind, code, escape(message), handler.request_id))
    handler.send_body(status, xml, "text/xml", headers)


def verify(handler, service):
    """SigV4-check the request; answers the error and returns None when refused."""
    try:
        return sigv4check.verify(handler.sandbox.world, handler.command,
                                 handler.headers.get("Host", ""), handler.url_path,
                                 handler.query_string, handler.headers, handler.body, service)
    except sigv4check.SigError as err:
        handler.error(err.status, err.code, err.message)
        return None


def iso(ts):
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")
