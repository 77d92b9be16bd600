"""STS, query protocol (version 2011-06-15): GetCallerIdentity, AssumeRole,
AssumeRoleWithWebIdentity."""
import base64
import json
import re

from . import awsquery
from .httpbase import BaseHandler

NS = "https://sts.amazonaws.com/doc/2011-06-15/"
SESSION_NAME_RE = re.compile(r"^[\w+=,.@-]{2,64}$")


class StsHandler(BaseHandler):
    service = "sts"

    def error(self, status, code, message, headers=None):
        awsquery.error(self, status, code, message, NS, headers=headers)

    def fault_error(self, fault):
        self.error(fault.status, fault.code, fault.message)

    def fault_response(self, status, retry_after):
        code = "Throttling" if status == 429 else "ServiceUnavailable"
        msg = "Rate exceeded" if status == 429 else "Service is unavailable"
        headers = {"Retry-After": retry_after} if retry_after is not None else None
        self.error(status, code, msg, headers)

    def route(self):
        if self.url_path != "/" or self.command not in ("GET", "POST"):
            return self.error(404, "UnknownOperationException", "Not Found")
        p = awsquery.params(self)
        action = p.get("Action", "")
        if p.get("Version") != "2011-06-15":
            return self.error(400, "InvalidAction", "Could not find operation %s for version %s"
                              % (action, p.get("Version", "NO_VERSION_SPECIFIED")))
        handler = {"GetCallerIdentity": self.get_caller_identity,
                   "AssumeRole": self.assume_role,
                   "AssumeRoleWithWebIdentity": self.assume_role_with_web_identity}.get(action)
        if handler is None:
            return self.error(400, "InvalidAction", "Could not find operation %s for version "
                              "2011-06-15" % action)
        handler(p)

    def respond(self, action, result):
        awsquery.respond(self, action, result, NS)

    def get_caller_identity(self, p):
        cred = awsquery.verify(self, "sts")
        if cred:
            self.respond("GetCallerIdentity", {"UserId": cred.user_id, "Account": cred.account,
                                               "Arn": cred.arn})

    def _session_params(self, p):
        name = p.get("RoleSessionName", "")
        if not SESSION_NAME_RE.match(name):
            self.error(400, "ValidationError", "1 validation error detected: Value '%s' at "
                       "'roleSessionName' failed to satisfy constraint: Member must satisfy "
                       "regular expression pattern: [\\w+=,.@-]*" % name)
            return None
        duration = p.get("DurationSeconds", "3600")
        if not duration.isdigit() or not 900 <= int(duration) <= 43200:
            self.error(400, "ValidationError", "1 validation error detected: Value '%s' at "
                       "'durationSeconds' failed to satisfy constraint: Member must have value "
                       "greater than or equal to 900" % duration)
            return None
        return name, int(duration)

    def _credentials_result(self, cred):
        return {"Credentials": {"AccessKeyId": cred.access_key_id,
                                "SecretAccessKey": cred.secret,
                                "SessionToken": cred.session_token,
                                "Expiration": awsquery.iso(cred.expires)},
                "AssumedRoleUser": {"AssumedRoleId": cred.user_id, "Arn": cred.arn}}

    def assume_role(self, p):
        caller = awsquery.verify(self, "sts")
        if not caller:
            return
        sess = self._session_params(p)
        if not sess:
            return
        world = self.sandbox.world
        role = world.role_by_arn(p.get("RoleArn", ""))
        caller_principal = caller.role.arn if caller.role else caller.arn
        root = "arn:%s:iam::%s:root" % (world.partition, caller.account)
        trusted = role and (caller_principal in role.trusted or caller.arn in role.trusted or
                            root in role.trusted)
        if not trusted:
            return self.error(403, "AccessDenied", "User: %s is not authorized to perform: "
                              "sts:AssumeRole on resource: %s" % (caller.arn, p.get("RoleArn")))
        cred = world.issue_session(role, sess[0], sess[1])
        self.respond("AssumeRole", self._credentials_result(cred))

    def assume_role_with_web_identity(self, p):
        sess = self._session_params(p)
        if not sess:
            return
        token = p.get("WebIdentityToken", "")
        try:
            claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
        except (IndexError, ValueError):
            return self.error(400, "InvalidIdentityToken", "Couldn't parse the web identity "
                              "token")
        role = self.sandbox.world.role_by_arn(p.get("RoleArn", ""))
        aud = claims.get("aud")
        auds = aud if isinstance(aud, list) else [aud]
        if not role or not role.web_identity_audience or role.web_identity_audience not in auds:
            return self.error(403, "AccessDenied", "Not authorized to perform "
                              "sts:AssumeRoleWithWebIdentity")
        cred = self.sandbox.world.issue_session(role, sess[0], sess[1])
        result = self._credentials_result(cred)
        result.update({"SubjectFromWebIdentityToken": claims.get("sub", ""),
                       "Audience": role.web_identity_audience,
                       "Provider": str(claims.get("iss", "")).replace("https://", "")})
        self.respond("AssumeRoleWithWebIdentity", result)
