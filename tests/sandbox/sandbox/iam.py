"""IAM, query protocol (version 2010-05-08, global endpoint, signed for the partition's IAM
region): GetRole, GetUser and ListRoles (PathPrefix, Marker/MaxItems/IsTruncated). SSO roles
carry their /aws-reserved/sso.amazonaws.com/[<region>/] path; ARNs follow the partition."""
import json
import urllib.parse

from . import awsquery, eks_paging
from .httpbase import BaseHandler

NS = "https://iam.amazonaws.com/doc/2010-05-08/"
CREATED = "2024-03-04T05:06:07Z"


class IamHandler(BaseHandler):
    service = "iam"

    def error(self, status, code, message, headers=None):
        awsquery.error(self, status, code, message, NS, headers=headers)

    def fault_error(self, fault):
        self.error(fault.status, fault.code, fault.message)

    def fault_response(self, status, retry_after):
        code = "Throttling" if status == 429 else "ServiceUnavailable"
        self.error(status, code, "Rate exceeded" if status == 429 else "Service unavailable",
                   {"Retry-After": retry_after} if retry_after is not None else None)

    def route(self):
        if self.url_path != "/" or self.command not in ("GET", "POST"):
            return self.error(404, "UnknownOperationException", "Not Found")
        p = awsquery.params(self)
        fn = {"GetRole": self.get_role, "GetUser": self.get_user,
              "ListRoles": self.list_roles}.get(p.get("Action"))
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

    def _role_doc(self, role):
        part = self.sandbox.world.partition
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": ({"Federated": "arn:%s:iam::%s:saml-provider/AWSSSO_eksbox_DO_NOT_"
                                        "DELETE" % (part, role.account)} if role.permission_set
                          else {"AWS": role.trusted})}]}
        doc = {"Path": role.path, "RoleName": role.name, "RoleId": role.role_id,
               "Arn": role.arn, "CreateDate": awsquery.iso(role.created),
               "AssumeRolePolicyDocument": urllib.parse.quote(json.dumps(trust)),
               "MaxSessionDuration": 43200}
        if role.permission_set:
            doc["Description"] = "Created by AWS SSO for permission set %s" % role.permission_set
        return doc

    def get_role(self, caller, p):
        name = p.get("RoleName", "")
        role = self.sandbox.world.find_role(caller.account, name)
        arn = "arn:%s:iam::%s:role/%s" % (self.sandbox.world.partition, caller.account, name)
        if caller.role is not None and not caller.role.iam_get_role:
            return self._denied(caller, "GetRole", role.arn if role else arn)
        if role is None:
            return self.error(404, "NoSuchEntity", "The role with name %s cannot be found."
                              % name)
        awsquery.respond(self, "GetRole", {"Role": self._role_doc(role)}, NS)

    def list_roles(self, caller, p):
        """Roles of the caller's account under PathPrefix, by name, MaxItems (1..1000, default
        100) a page; Marker is an opaque token this server issued for that listing."""
        prefix = p.get("PathPrefix") or "/"
        if not prefix.startswith("/"):
            return self.error(400, "ValidationError", "1 validation error detected: Value '%s' "
                              "at 'pathPrefix' failed to satisfy constraint: Member must "
                              "satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*"
                              % prefix)
        roles = sorted((r for r in self.sandbox.world.roles_of(caller.account)
                        if r.path.startswith(prefix)), key=lambda r: r.name.lower())
        query = {"Marker": [p["Marker"]] if p.get("Marker") else [],
                 "MaxItems": [p["MaxItems"]] if p.get("MaxItems") else []}
        try:
            page, marker = eks_paging.paginate(query, "iam:%s:%s" % (caller.account, prefix),
                                               roles, "Marker", "MaxItems", maximum=1000)
        except eks_paging.PageError as exc:
            return self.error(400, "ValidationError", str(exc))
        result = {"Roles": [self._role_doc(r) for r in page],
                  "IsTruncated": "true" if marker else "false"}
        if marker:
            result["Marker"] = marker
        awsquery.respond(self, "ListRoles", result, NS)

    def get_user(self, caller, p):
        name = p.get("UserName") or caller.arn.rsplit("/", 1)[-1]
        for cred in self.sandbox.world.iam_user_creds():
            if cred.account == caller.account and cred.arn.endswith(":user/" + name):
                return awsquery.respond(self, "GetUser", {"User": {
                    "Path": "/", "UserName": name, "UserId": cred.user_id, "Arn": cred.arn,
                    "CreateDate": CREATED}}, NS)
        self.error(404, "NoSuchEntity", "The user with name %s cannot be found." % name)
