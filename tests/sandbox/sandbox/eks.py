"""EKS, rest-json (2017-11-01): ListClusters, DescribeCluster, UpdateClusterConfig (access
config) and the access-entry API, with the service's errors."""
import re
import time
import urllib.parse
import uuid

from . import restjson, sigv4check
from .eks_state import ACCESS_POLICIES, ENTRY_TYPES, MODES, POLICY_PREFIX
from .httpbase import BaseHandler

PRINCIPAL_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:(role|user)/[\w+=,.@/-]+$")
MODE_MSG = ("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] "
            "to perform this operation.")
NOT_STANDARD = 'This operation can only be performed on Access Entries with a type of "STANDARD".'


class EksHandler(BaseHandler):
    service = "eks"

    def fault_response(self, status, retry_after):
        restjson.fault(self, status, retry_after)

    def err(self, status, code, message, **extra):
        restjson.error(self, status, code, message, extra=extra or None)

    def route(self):
        try:
            cred = sigv4check.verify(self.sandbox.world, self.command,
                                     self.headers.get("Host", ""), self.url_path,
                                     self.query_string, self.headers, self.body, "eks")
        except sigv4check.SigError as e:
            code = {"InvalidClientTokenId": "UnrecognizedClientException",
                    "MissingAuthenticationToken": "MissingAuthenticationTokenException",
                    "SignatureDoesNotMatch": "InvalidSignatureException",
                    "ExpiredToken": "ExpiredTokenException"}.get(e.code, e.code)
            return self.err(403 if e.status != 400 else 400, code, e.message)
        self.caller = cred
        parts = [urllib.parse.unquote(p) for p in self.url_path.strip("/").split("/")]
        m = self.command
        if parts == ["clusters"] and m == "GET":
            return self.list_clusters()
        if parts == ["access-policies"] and m == "GET":
            return self.list_access_policies()
        if len(parts) < 2 or parts[0] != "clusters":
            return self.err(404, "ResourceNotFoundException", "Not Found")
        cluster = self.sandbox.clusters.get(parts[1])
        if cluster is None or cluster.account != cred.account:
            return self.err(404, "ResourceNotFoundException",
                            "No cluster found for name: %s." % parts[1], clusterName=parts[1])
        rest = parts[2:]
        if not rest and m == "GET":
            return restjson.ok(self, {"cluster": cluster.describe()})
        if rest == ["update-config"] and m == "POST":
            return self.update_config(cluster)
        if not rest or rest[0] != "access-entries":
            return self.err(404, "ResourceNotFoundException", "Not Found")
        if self._denied_write(cluster, m):
            return
        if cluster.mode == "CONFIG_MAP":
            return self.err(400, "InvalidRequestException", MODE_MSG, clusterName=cluster.name)
        if len(rest) == 1:
            return {"GET": self.list_entries, "POST": self.create_entry}.get(
                m, self.not_found)(cluster)
        entry = cluster.find_entry(rest[1])
        if entry is None:
            return self.err(404, "ResourceNotFoundException", "The specified principalArn "
                            "could not be found. You can view your available access entries "
                            "with 'list-access-entries'.", clusterName=cluster.name,
                            principalArn=rest[1])
        if len(rest) == 2:
            return {"GET": self.describe_entry, "POST": self.update_entry,
                    "DELETE": self.delete_entry}.get(m, self.not_found)(cluster, entry)
        if rest[2] == "access-policies":
            if entry["type"] != "STANDARD":
                return self.err(400, "InvalidParameterException", NOT_STANDARD)
            if len(rest) == 3:
                return {"GET": self.list_associated, "POST": self.associate}.get(
                    m, self.not_found)(cluster, entry)
            if len(rest) == 4 and m == "DELETE":
                return self.disassociate(cluster, entry, rest[3])
        self.not_found()

    def not_found(self, *args):
        self.err(404, "ResourceNotFoundException", "Not Found")

    def _denied_write(self, cluster, method):
        role = self.caller.role
        if method == "GET" or role is None or not role.permission_set.startswith("ViewOnly"):
            return False
        action = {"POST": "CreateAccessEntry", "DELETE": "DeleteAccessEntry"}.get(method)
        self.err(403, "AccessDeniedException", "User: %s is not authorized to perform: eks:%s "
                 "on resource: %s" % (self.caller.arn, action, cluster.arn))
        return True

    def list_clusters(self):
        names = sorted(c.name for c in self.sandbox.clusters.values()
                       if c.account == self.caller.account)
        page, nxt = restjson.paginate(self, names, "nextToken", "maxResults")
        restjson.ok(self, {"clusters": page, "nextToken": nxt})

    def list_access_policies(self):
        pols = [{"name": n, "arn": POLICY_PREFIX + n} for n in ACCESS_POLICIES]
        page, nxt = restjson.paginate(self, pols, "nextToken", "maxResults")
        restjson.ok(self, {"accessPolicies": page, "nextToken": nxt})

    def update_config(self, cluster):
        body = self.json_body() or {}
        mode = (body.get("accessConfig") or {}).get("authenticationMode")
        if mode not in MODES:
            return self.err(400, "InvalidParameterException", "Unsupported authentication "
                            "mode update")
        if MODES.index(mode) < MODES.index(cluster.mode):
            return self.err(400, "InvalidParameterException", "Unsupported authentication mode"
                            " update from %s to %s" % (cluster.mode, mode))
        cluster.mode = mode
        restjson.ok(self, {"update": {"id": str(uuid.uuid4()), "status": "Successful",
                                      "type": "AccessConfigUpdate", "createdAt": time.time(),
                                      "params": [{"type": "AuthenticationMode", "value": mode}],
                                      "errors": []}})

    def _principal_exists(self, arn):
        world = self.sandbox.world
        if ":role/" in arn:
            return world.role_by_arn(arn) is not None
        return any(c.arn == arn for c in world.iam_user_creds())

    def create_entry(self, cluster):
        body = self.json_body() or {}
        arn, kind = body.get("principalArn", ""), body.get("type", "STANDARD")
        groups = body.get("kubernetesGroups") or []
        if kind not in ENTRY_TYPES:
            return self.err(400, "InvalidParameterException", "The type parameter is invalid")
        if not PRINCIPAL_RE.match(arn):
            return self.err(400, "InvalidParameterException",
                            "The principalArn parameter format is not valid")
        if not self._principal_exists(arn):
            return self.err(400, "InvalidParameterException",
                            "The specified principalArn is invalid: invalid principal.")
        bad = [g for g in groups if g.startswith("system:")]
        if bad:
            return self.err(400, "InvalidParameterException", "The kubernetes group name %s is"
                            " invalid, it cannot start with system:" % bad[0])
        if kind != "STANDARD" and (groups or body.get("username")):
            return self.err(400, "InvalidParameterException", "The username and "
                            "kubernetesGroups parameters are not supported for type %s" % kind)
        if cluster.find_entry(arn):
            return self.err(409, "ResourceInUseException", "The specified access entry "
                            "resource is already in use on this cluster.",
                            clusterName=cluster.name)
        entry = cluster.put_entry(arn, kind, groups, body.get("username"), body.get("tags"))
        restjson.ok(self, {"accessEntry": cluster.public(entry)})

    def list_entries(self, cluster):
        policy = (self.query.get("associatedPolicyArn") or [None])[0]
        with cluster.lock:
            arns = [a for a, e in cluster.entries.items() if not policy or policy in e["policies"]]
        page, nxt = restjson.paginate(self, sorted(arns), "nextToken", "maxResults")
        restjson.ok(self, {"accessEntries": page, "nextToken": nxt})

    def describe_entry(self, cluster, entry):
        restjson.ok(self, {"accessEntry": cluster.public(entry)})

    def update_entry(self, cluster, entry):
        body = self.json_body() or {}
        with cluster.lock:
            if "kubernetesGroups" in body:
                entry["kubernetesGroups"] = list(body["kubernetesGroups"] or [])
            if body.get("username"):
                entry["username"] = body["username"]
            entry["modifiedAt"] = time.time()
        restjson.ok(self, {"accessEntry": cluster.public(entry)})

    def delete_entry(self, cluster, entry):
        with cluster.lock:
            cluster.entries.pop(entry["principalArn"], None)
        restjson.ok(self, {})

    def associate(self, cluster, entry):
        body = self.json_body() or {}
        policy, scope = body.get("policyArn", ""), body.get("accessScope") or {}
        if policy[len(POLICY_PREFIX):] not in ACCESS_POLICIES or \
                not policy.startswith(POLICY_PREFIX):
            return self.err(404, "ResourceNotFoundException", "The specified policyArn could "
                            "not be found.")
        if scope.get("type") not in ("cluster", "namespace") or \
                (scope.get("type") == "namespace" and not scope.get("namespaces")):
            return self.err(400, "InvalidParameterException", "The accessScope parameter is "
                            "invalid: namespaces are required for type namespace")
        assoc = cluster.associate(entry["principalArn"], policy, scope)
        restjson.ok(self, {"clusterName": cluster.name, "principalArn": entry["principalArn"],
                           "associatedAccessPolicy": assoc})

    def list_associated(self, cluster, entry):
        with cluster.lock:
            items = list(entry["policies"].values())
        page, nxt = restjson.paginate(self, items, "nextToken", "maxResults")
        restjson.ok(self, {"clusterName": cluster.name, "principalArn": entry["principalArn"],
                           "nextToken": nxt, "associatedAccessPolicies": page})

    def disassociate(self, cluster, entry, policy):
        with cluster.lock:
            found = entry["policies"].pop(policy, None)
        if found is None:
            return self.err(404, "ResourceNotFoundException", "The specified policyArn is not"
                            " associated with this access entry.")
        restjson.ok(self, {})
