"""IAM, query protocol (version 2010-05-08, global endpoint, signed for us-east-1):
GetRole and GetUser. SSO roles carry their /aws-reserved/sso.amazonaws.com/<region>/ path."""
import json
import urllib.parse

from . import awsquery
from .httpbase import BaseHandler

NS = "https://iam.amazonaws.com/doc/2010-05-08/"
CREATED = "2024-03-04T05:06:07Z"


class IamHandler(BaseHandler):
    service = "iam"

    def error(self, status, code, message, headers=None):
        awsquery.error(self, status, code, message, NS, headers=headers)

    def fault_response(self, status, retry_after):
        code = "Throttling" if status == 429 else "ServiceUnavailable"
        self.error(status, code, "Rate exceeded" if status == 429 else "Service unavailable",
                   {"Retry-After": retry_after} if retry_after is not None else None)

    def route(self):
        if self.url_path != "/" or self.command not in ("GET", "POST"):
            return self.error(404, "UnknownOperationException", "Not Found")
        p = awsquery.params(self)
        fn = {"GetRole": self.get_role, "GetUser": self.get_user}.get(p.get("Action"))
        if fn is None or p.get("Version") != "2010-05-08":
            return self.error(400, "InvalidAction", "Could not find operation %s for version %s"
                              % (p.get("Action"), p.get("Version", "NO_VERSION_SPECIFIED")))
        caller = awsquery.verify(self, "iam")
        if caller:
            fn(caller, p)

    def _denied(self, caller, action, resource):
        self.error(403, "AccessDenied", "User: %s is not authorized to perform: iam:%s on "
                   "resource: %s because no identity-based policy allows the iam:%s action"
                   % (caller.arn, action, resource, action))

    def get_role(self, caller, p):
        name = p.get("RoleName", "")
        role = self.sandbox.world.find_role(caller.account, name)
        arn = "arn:aws:iam::%s:role/%s" % (caller.account, name)
        if caller.role is not None and not caller.role.iam_get_role:
            return self._denied(caller, "GetRole", role.arn if role else arn)
        if role is None:
            return self.error(404, "NoSuchEntity", "The role with name %s cannot be found."
                              % name)
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": ({"Federated": "arn:aws:iam::%s:saml-provider/AWSSSO_eksbox_DO_NOT_"
                                        "DELETE" % role.account} if role.permission_set else
                          {"AWS": role.trusted})}]}
        result = {"Role": {
            "Path": role.path, "AssumeRolePolicyDocument": urllib.parse.quote(json.dumps(trust)),
            "MaxSessionDuration": 43200, "RoleId": role.role_id, "RoleName": role.name,
            "Arn": role.arn, "CreateDate": CREATED}}
        if role.permission_set:
            result["Role"]["Description"] = ("Created by AWS SSO for permission set %s"
                                             % role.permission_set)
        awsquery.respond(self, "GetRole", result, NS)

    def get_user(self, caller, p):
        name = p.get("UserName") or caller.arn.rsplit("/", 1)[-1]
        for cred in self.sandbox.world.iam_user_creds():
            if cred.account == caller.account and cred.arn.endswith(":user/" + name):
                return awsquery.respond(self, "GetUser", {"User": {
                    "Path": "/", "UserName": name, "UserId": cred.user_id, "Arn": cred.arn,
                    "CreateDate": CREATED}}, NS)
        self.error(404, "NoSuchEntity", "The user with name %s cannot be found." % name)
