"""EKS, rest-json (2017-11-01): ListClusters, DescribeCluster, UpdateClusterConfig (access
config, asynchronous), DescribeUpdate and the access-entry API (eks_entries.py), with the
service's errors and an IAM-like permission check (ViewOnly roles read, never write)."""
import urllib.parse

from . import restjson, sigv4check
from .eks_entries import EntryOps
from .eks_paging import PageError, paginate
from .eks_rules import EksError, bad, check_principal_format
from .eks_state import MODES
from .httpbase import BaseHandler

MODE_MSG = ("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] "
            "to perform this operation.")
READ_ACTIONS = ("ListClusters", "DescribeCluster", "DescribeUpdate", "ListAccessPolicies",
                "ListAccessEntries", "DescribeAccessEntry", "ListAssociatedAccessPolicies")
SIG_CODES = {"InvalidClientTokenId": "UnrecognizedClientException",
             "MissingAuthenticationToken": "MissingAuthenticationTokenException",
             "SignatureDoesNotMatch": "InvalidSignatureException",
             "ExpiredToken": "ExpiredTokenException"}


class EksHandler(EntryOps, BaseHandler):
    service = "eks"

    def fault_response(self, status, retry_after):
        if status == 429 and self.url_path.endswith("/update-config"):
            # the one EKS operation whose model names its throttling error
            headers = {"Retry-After": retry_after} if retry_after is not None else None
            return restjson.error(self, 429, "ThrottlingException", "Rate exceeded", headers)
        restjson.fault(self, status, retry_after)

    def fault_error(self, fault):
        restjson.error(self, fault.status, fault.code, fault.message)

    def err(self, status, code, message, **extra):
        restjson.error(self, status, code, message, extra=extra or None)

    def route(self):
        try:
            self.caller = sigv4check.verify(self.sandbox.world, self.command,
                                            self.headers.get("Host", ""), self.url_path,
                                            self.query_string, self.headers, self.body, "eks")
        except sigv4check.SigError as e:
            return self.err(403 if e.status != 400 else 400, SIG_CODES.get(e.code, e.code),
                            e.message)
        try:
            self._route()
        except EksError as e:
            self.err(e.status, e.code, e.message, **e.extra)
        except PageError as e:
            self.err(400, "InvalidParameterException", str(e))

    def _route(self):
        parts = [urllib.parse.unquote(p) for p in self.url_path.strip("/").split("/")]
        m = self.command
        if parts == ["clusters"] and m == "GET":
            return self.list_clusters()
        if parts == ["access-policies"] and m == "GET":
            return self.list_access_policies()
        if len(parts) < 2 or parts[0] != "clusters":
            return self.not_found()
        cluster = self.sandbox.clusters.get(parts[1])
        if cluster is None or cluster.account != self.caller.account:
            raise EksError(404, "ResourceNotFoundException", "No cluster found for name: %s."
                           % parts[1], clusterName=parts[1])
        rest = parts[2:]
        if not rest and m == "GET":
            self.authorize("DescribeCluster", cluster)
            return restjson.ok(self, {"cluster": cluster.describe()})
        if rest == ["update-config"] and m == "POST":
            self.authorize("UpdateClusterConfig", cluster)
            return self.update_config(cluster)
        if len(rest) == 2 and rest[0] == "updates" and m == "GET":
            self.authorize("DescribeUpdate", cluster)
            return self.describe_update(cluster, rest[1])
        if not rest or rest[0] != "access-entries":
            return self.not_found()
        return self.entry_route(cluster, rest[1:], m)

    def entry_route(self, cluster, rest, m):
        if not rest:
            action = {"GET": "ListAccessEntries", "POST": "CreateAccessEntry"}.get(m)
        elif len(rest) == 1:
            action = {"GET": "DescribeAccessEntry", "POST": "UpdateAccessEntry",
                      "DELETE": "DeleteAccessEntry"}.get(m)
        elif rest[1] == "access-policies" and len(rest) == 2:
            action = {"GET": "ListAssociatedAccessPolicies",
                      "POST": "AssociateAccessPolicy"}.get(m)
        elif rest[1] == "access-policies" and len(rest) == 3 and m == "DELETE":
            action = "DisassociateAccessPolicy"
        else:
            action = None
        if action is None:
            return self.not_found()
        self.authorize(action, cluster)
        if cluster.mode == "CONFIG_MAP":
            raise EksError(400, "InvalidRequestException", MODE_MSG, clusterName=cluster.name)
        if not rest:
            return {"GET": self.list_entries, "POST": self.create_entry}[m](cluster)
        check_principal_format(rest[0], cluster.partition)
        entry = cluster.find_entry(rest[0])
        if entry is None:
            raise EksError(404, "ResourceNotFoundException", "The specified principalArn "
                           "could not be found. You can view your available access entries "
                           "with 'list-access-entries'.", clusterName=cluster.name,
                           principalArn=rest[0])
        if len(rest) == 1:
            return {"GET": self.describe_entry, "POST": self.update_entry,
                    "DELETE": self.delete_entry}[m](cluster, entry)
        if entry["type"] != "STANDARD":
            raise bad('This operation can only be performed on Access Entries with a type of '
                      '"STANDARD".')
        if len(rest) == 2:
            return {"GET": self.list_associated, "POST": self.associate}[m](cluster, entry)
        return self.disassociate(cluster, entry, rest[2])

    def not_found(self, *args):
        self.err(404, "ResourceNotFoundException", "Not Found")

    def authorize(self, action, cluster):
        """IAM's answer for roles whose permission set may not write to EKS (ViewOnlyAccess,
        or `eks_write: false` in the world), naming the operation denied."""
        role = self.caller.role
        if action in READ_ACTIONS or role is None or not role.permission_set:
            return
        flags = self.sandbox.world.permission_sets.get(role.permission_set) or {}
        if flags.get("eks_write", not role.permission_set.startswith("ViewOnly")):
            return
        raise EksError(403, "AccessDeniedException", "User: %s is not authorized to perform: "
                       "eks:%s on resource: %s" % (self.caller.arn, action, cluster.arn))

    def list_clusters(self):
        names = sorted(c.name for c in self.sandbox.clusters.values()
                       if c.account == self.caller.account)
        page, nxt = paginate(self.query, "clusters:" + self.caller.account, names)
        restjson.ok(self, {"clusters": page, "nextToken": nxt})

    def update_config(self, cluster):
        body = self.json_body() or {}
        mode = (body.get("accessConfig") or {}).get("authenticationMode")
        if mode is None:
            raise bad("The accessConfig parameter is required to update the authentication "
                      "mode")
        if cluster.status == "UPDATING":
            raise EksError(409, "ResourceInUseException", "Cluster has an update in progress",
                           clusterName=cluster.name)
        cur = cluster.mode
        if mode not in MODES or MODES.index(mode) != MODES.index(cur) + 1:
            raise bad("Unsupported authentication mode update from %s to %s" % (cur, mode))
        restjson.ok(self, {"update": cluster.start_mode_update(mode)})

    def describe_update(self, cluster, update_id):
        update = cluster.describe_update(update_id)
        if update is None:
            raise EksError(404, "ResourceNotFoundException", "No update found for ID: %s"
                           % update_id, clusterName=cluster.name)
        restjson.ok(self, {"update": update})
