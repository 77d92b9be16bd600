"""The EKS access-entry operations (a mixin of EksHandler): Create/Describe/List/Update/Delete
AccessEntry, Associate/Disassociate/ListAssociated AccessPolicy and ListAccessPolicies, with
the refusals of eks_rules.py."""
from . import restjson
from .eks_paging import paginate
from .eks_rules import (INVALID_PRINCIPAL, EksError, bad, check_groups, check_node_principal,
                        check_not_service_linked, check_principal_format, check_username)
from .eks_state import ACCESS_POLICIES, ENTRY_TYPES, policy_prefix


class EntryOps:
    def _principal(self, arn):
        """(exists, Role or None) for an IAM role or user ARN."""
        world = self.sandbox.world
        if ":role/" in arn:
            role = world.role_by_arn(arn)
            return role is not None, role
        return any(c.arn == arn for c in world.iam_user_creds()), None

    def list_access_policies(self):
        prefix = policy_prefix(self.sandbox.world.partition)
        pols = [{"name": n, "arn": prefix + n} for n in ACCESS_POLICIES]
        page, nxt = paginate(self.query, "access-policies", pols)
        restjson.ok(self, {"accessPolicies": page, "nextToken": nxt})

    def create_entry(self, cluster):
        body = self.json_body() or {}
        arn, kind = body.get("principalArn", ""), body.get("type") or "STANDARD"
        groups, username = body.get("kubernetesGroups"), body.get("username")
        if kind not in ENTRY_TYPES:
            raise bad("The type parameter is invalid")
        check_principal_format(arn, cluster.partition)
        exists, role = self._principal(arn)
        check_not_service_linked(role)
        if not exists:
            raise bad(INVALID_PRINCIPAL)
        check_groups(groups)
        if kind != "STANDARD" and (groups or username):
            raise bad("The username and kubernetesGroups parameters are not supported for "
                      "type %s" % kind)
        check_node_principal(arn, kind, cluster.account)
        check_username(username)
        if cluster.find_entry(arn):
            raise EksError(409, "ResourceInUseException", "The specified access entry "
                           "resource is already in use on this cluster.",
                           clusterName=cluster.name)
        limit = cluster.access_entry_limit
        if limit is not None and len(cluster.entries) >= int(limit):
            raise EksError(400, "ResourceLimitExceededException", "Access entry limit of %s "
                           "exceeded for cluster %s" % (limit, cluster.name),
                           clusterName=cluster.name)
        entry = cluster.put_entry(arn, kind, groups, username, body.get("tags"))
        restjson.ok(self, {"accessEntry": cluster.public(entry)})

    def list_entries(self, cluster):
        policy = (self.query.get("associatedPolicyArn") or [None])[0]
        with cluster.lock:
            arns = [a for a, e in cluster.entries.items() if not policy or policy in e["policies"]]
        page, nxt = paginate(self.query, "%s:entries:%s" % (cluster.arn, policy), sorted(arns))
        restjson.ok(self, {"accessEntries": page, "nextToken": nxt})

    def describe_entry(self, cluster, entry):
        with cluster.lock:
            restjson.ok(self, {"accessEntry": cluster.public(entry)})

    def update_entry(self, cluster, entry):
        body = self.json_body() or {}
        check_not_service_linked(self._principal(entry["principalArn"])[1])
        groups, username = body.get("kubernetesGroups"), body.get("username")
        if groups is not None and entry["type"] != "STANDARD":
            raise bad("The kubernetesGroups parameter is not supported for type %s"
                      % entry["type"])
        check_groups(groups)
        check_username(username)
        cluster.update_entry(entry, groups, username)
        with cluster.lock:
            restjson.ok(self, {"accessEntry": cluster.public(entry)})

    def delete_entry(self, cluster, entry):
        check_not_service_linked(self._principal(entry["principalArn"])[1])
        cluster.delete_entry(entry["principalArn"])
        restjson.ok(self, {})

    def associate(self, cluster, entry):
        body = self.json_body() or {}
        policy, scope = body.get("policyArn", ""), body.get("accessScope") or {}
        prefix = cluster.policy_prefix
        if not policy.startswith(prefix) or policy[len(prefix):] not in ACCESS_POLICIES:
            raise EksError(404, "ResourceNotFoundException", "The specified policyArn could "
                           "not be found.")
        if scope.get("type") not in ("cluster", "namespace") or \
                (scope.get("type") == "namespace" and not scope.get("namespaces")):
            raise bad("The accessScope parameter is invalid: namespaces are required for type "
                      "namespace")
        assoc = cluster.associate(entry["principalArn"], policy, scope)
        restjson.ok(self, {"clusterName": cluster.name, "principalArn": entry["principalArn"],
                           "associatedAccessPolicy": assoc})

    def list_associated(self, cluster, entry):
        with cluster.lock:
            items = [dict(a) for a in entry["policies"].values()]
        page, nxt = paginate(self.query, "%s:assoc:%s" % (cluster.arn, entry["principalArn"]),
                             items)
        restjson.ok(self, {"clusterName": cluster.name, "principalArn": entry["principalArn"],
                           "nextToken": nxt, "associatedAccessPolicies": page})

    def disassociate(self, cluster, entry, policy):
        if cluster.disassociate(entry, policy) is None:
            raise EksError(404, "ResourceNotFoundException", "The specified policyArn is not"
                           " associated with this access entry.")
        restjson.ok(self, {})
