"""A cluster's EKS-side state: authentication mode (and its asynchronous updates), access
entries with their associated policies, and what the authenticator sees of them (changes become
effective `entry_delay_seconds` later, as EKS's eventual consistency)."""
import copy
import threading
import time
import uuid

from .eks_views import EntryViews

# The AWS CLI's own list-access-policies example (awscli/examples/eks/list-access-policies.rst).
ACCESS_POLICIES = [
    "AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy", "AmazonEKSAutoNodePolicy",
    "AmazonEKSBlockStorageClusterPolicy", "AmazonEKSBlockStoragePolicy",
    "AmazonEKSClusterAdminPolicy", "AmazonEKSComputeClusterPolicy", "AmazonEKSComputePolicy",
    "AmazonEKSEditPolicy", "AmazonEKSHybridPolicy", "AmazonEKSLoadBalancingClusterPolicy",
    "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingClusterPolicy",
    "AmazonEKSNetworkingPolicy", "AmazonEKSViewPolicy", "AmazonEMRJobPolicy",
    "AmazonSagemakerHyperpodClusterPolicy", "AmazonSagemakerHyperpodControllerPolicy",
    "AmazonSagemakerHyperpodSystemNamespacePolicy"]
ENTRY_TYPES = ["STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2",
               "HYBRID_LINUX", "HYPERPOD_LINUX"]
MODES = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"]
CLUSTER_ADMIN = "AmazonEKSClusterAdminPolicy"


def policy_prefix(partition):
    return "arn:%s:eks::aws:cluster-access-policy/" % partition


def cluster_scope(scope):
    """EKS answers a cluster scope as {"type": "cluster", "namespaces": []}; namespaces sent
    with a cluster scope are dropped (EKS's behaviour there is undocumented)."""
    if (scope or {}).get("type") == "cluster":
        return {"type": "cluster", "namespaces": []}
    return {"type": "namespace", "namespaces": list(scope.get("namespaces") or [])}


class ClusterState(EntryViews):
    def __init__(self, spec, world):
        self.spec, self.world = spec, world
        self.partition = world.partition
        self.name = spec["name"]
        self.account = str(spec["account"])
        self.region = spec.get("region", "us-east-2")
        self.version = str(spec.get("version", "1.32"))
        self.arn = "arn:%s:eks:%s:%s:cluster/%s" % (self.partition, self.region, self.account,
                                                   self.name)
        self.id = str(uuid.uuid5(uuid.NAMESPACE_URL, self.arn)).upper().replace("-", "")
        self.created = time.time() - 86400 * 30
        self.lock = threading.RLock()
        self.endpoint = ""    # https://127.0.0.1:PORT, set when the API server starts
        self.ca_data = ""     # base64 PEM of the CA
        self.reset()

    @property
    def policy_prefix(self):
        return policy_prefix(self.partition)

    def reset(self):
        """Mode, settings and access entries as the world file seeds them."""
        spec = self.spec
        with self.lock:
            self._mode = spec.get("authentication_mode", "API_AND_CONFIG_MAP")
            self.updates = {}         # update id -> {"update": ..., "mode": m}
            self.entries = {}         # principalArn -> entry dict ("policies": {arn: assoc})
            self.views = {}           # lower-case principal -> [(time, delay, view or None)]
            self.update_seconds = float(spec.get("update_seconds", 0))
            self.entry_delay_seconds = float(spec.get("entry_delay_seconds", 0))
            self.access_entry_limit = spec.get("access_entry_limit")
        self.creator = self._resolve(spec.get("creator")) if spec.get("creator") else ""
        self.bootstrap_admin = bool(spec.get("bootstrap_cluster_creator_admin_permissions",
                                             bool(self.creator)))
        for e in spec.get("access_entries") or []:
            principal = e.get("principalArn") or self._resolve(e["role"])
            self.put_entry(principal, e.get("type", "STANDARD"), e.get("kubernetesGroups"),
                           e.get("username"), delay=0)
            for pol in e.get("policies") or []:
                name = pol["name"]
                self.associate(principal, name if name.startswith("arn:") else
                               self.policy_prefix + name,
                               pol.get("accessScope", {"type": "cluster"}), delay=0)
        if self._mode != "CONFIG_MAP":
            self.add_creator_entry()

    def _resolve(self, name_or_arn):
        """A role name of the cluster's account (its ARN with the IAM path) or an ARN."""
        if name_or_arn.startswith("arn:"):
            return name_or_arn
        role = self.world.find_role(self.account, name_or_arn)
        if role is None:
            raise ValueError("cluster %s: no role %s in account %s" % (self.name, name_or_arn,
                                                                      self.account))
        return role.arn

    def add_creator_entry(self):
        """bootstrapClusterCreatorAdminPermissions: the creator's entry with cluster admin."""
        if self.creator and self.bootstrap_admin and not self.find_entry(self.creator):
            self.put_entry(self.creator, delay=0)
            self.associate(self.creator, self.policy_prefix + CLUSTER_ADMIN,
                           {"type": "cluster"}, delay=0)

    # ---- authentication mode and its updates --------------------------------------------
    def _settle(self):
        now = time.time()
        for u in self.updates.values():
            if u["update"]["status"] == "InProgress" and \
                    u["update"]["createdAt"] + self.update_seconds <= now:
                u["update"]["status"] = "Successful"
                self._mode = u["mode"]

    @property
    def mode(self):
        with self.lock:
            self._settle()
            return self._mode

    @mode.setter
    def mode(self, value):
        with self.lock:
            self._mode = value

    @property
    def status(self):
        with self.lock:
            self._settle()
            busy = any(u["update"]["status"] == "InProgress" for u in self.updates.values())
        return "UPDATING" if busy else "ACTIVE"

    def start_mode_update(self, mode):
        """An AccessConfigUpdate that completes update_seconds after its creation (the
        setting as it is then: lowering it completes pending updates)."""
        now = time.time()
        update = {"id": str(uuid.uuid4()), "status": "InProgress", "type": "AccessConfigUpdate",
                  "createdAt": now, "errors": [],
                  "params": [{"type": "AuthenticationMode", "value": mode}]}
        with self.lock:
            self.updates[update["id"]] = {"update": update, "mode": mode}
            if mode == "API_AND_CONFIG_MAP":
                self.add_creator_entry()
            self._settle()
        return copy.deepcopy(update)

    def describe_update(self, update_id):
        with self.lock:
            self._settle()
            u = self.updates.get(update_id)
            return copy.deepcopy(u["update"]) if u else None

    # ---- access entries -------------------------------------------------------------------
    def default_username(self, principal, kind):
        if kind.startswith("EC2"):
            return "system:node:{{EC2PrivateDNSName}}"
        if kind in ("FARGATE_LINUX", "HYBRID_LINUX"):
            return "system:node:{{SessionName}}"
        if ":role/" in principal:
            acct = principal.split(":")[4]
            return "arn:%s:sts::%s:assumed-role/%s/{{SessionName}}" % (
                self.partition, acct, principal.rsplit("/", 1)[-1])
        return principal

    def put_entry(self, principal, kind="STANDARD", groups=None, username=None, tags=None,
                  delay=None):
        now = time.time()
        res = principal.split(":", 5)[5]
        kind_word, name = res.split("/", 1)[0], res.rsplit("/", 1)[-1]
        if groups is None:
            groups = ["system:nodes"] if kind.startswith("EC2") else []
        role = self.world.role_by_arn(principal)
        entry = {"clusterName": self.name, "principalArn": principal,
                 "kubernetesGroups": list(groups),
                 "accessEntryArn": "arn:%s:eks:%s:%s:access-entry/%s/%s/%s/%s/%s" % (
                     self.partition, self.region, self.account, self.name, kind_word,
                     principal.split(":")[4], name, uuid.uuid4()),
                 "createdAt": now, "modifiedAt": now, "tags": dict(tags or {}),
                 "username": username or self.default_username(principal, kind),
                 "type": kind, "policies": {}, "roleId": role.role_id if role else ""}
        with self.lock:
            self.entries[principal] = entry
            self.publish(entry, delay)
        return entry

    def find_entry(self, principal):
        with self.lock:
            for arn, entry in self.entries.items():
                if arn.lower() == principal.lower():
                    return entry
        return None

    def update_entry(self, entry, groups=None, username=None):
        with self.lock:
            if groups is not None:
                entry["kubernetesGroups"] = list(groups)
            if username:
                entry["username"] = username
            entry["modifiedAt"] = time.time()
            self.publish(entry)

    def delete_entry(self, principal):
        with self.lock:
            entry = self.find_entry(principal)
            if entry is not None:
                self.entries.pop(entry["principalArn"], None)
                self._push(entry["principalArn"], None, None)
            return entry

    def associate(self, principal, policy_arn, scope, delay=None):
        now = time.time()
        with self.lock:
            entry = self.find_entry(principal)
            old = entry["policies"].get(policy_arn)
            assoc = {"policyArn": policy_arn, "accessScope": cluster_scope(scope),
                     "associatedAt": old["associatedAt"] if old else now, "modifiedAt": now}
            entry["policies"][policy_arn] = assoc
            self.publish(entry, delay)
        return copy.deepcopy(assoc)

    def disassociate(self, entry, policy_arn):
        with self.lock:
            found = entry["policies"].pop(policy_arn, None)
            if found is not None:
                self.publish(entry)
            return found

    @staticmethod
    def public(entry):
        return {k: copy.deepcopy(v) for k, v in entry.items() if k not in ("policies", "roleId")}

    def describe(self):
        return {"name": self.name, "arn": self.arn, "createdAt": self.created,
                "version": self.version, "endpoint": self.endpoint,
                "roleArn": "arn:%s:iam::%s:role/eks-cluster-role" % (self.partition,
                                                                     self.account),
                "resourcesVpcConfig": {"subnetIds": [], "securityGroupIds": [],
                                       "vpcId": "vpc-0eksbox", "endpointPublicAccess": True,
                                       "endpointPrivateAccess": False,
                                       "publicAccessCidrs": ["0.0.0.0/0"]},
                "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16",
                                            "ipFamily": "ipv4"},
                "identity": {"oidc": {"issuer": "https://oidc.eks.%s.amazonaws.com/id/%s"
                                      % (self.region, self.id)}},
                "status": self.status, "certificateAuthority": {"data": self.ca_data},
                "platformVersion": "eks.7", "tags": {}, "id": self.id,
                "accessConfig": {"bootstrapClusterCreatorAdminPermissions": self.bootstrap_admin,
                                 "authenticationMode": self.mode}}
