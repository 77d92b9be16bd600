"""A cluster's EKS-side state: authentication mode and access entries (shared by the EKS API
and the Kubernetes API server's authenticator), and the managed access policies."""
import threading
import time
import uuid

POLICY_PREFIX = "arn:aws:eks::aws:cluster-access-policy/"
ACCESS_POLICIES = ["AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy",
                   "AmazonEKSClusterAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy",
                   "AmazonEKSAutoNodePolicy", "AmazonEKSBlockStoragePolicy",
                   "AmazonEKSComputePolicy", "AmazonEKSLoadBalancingPolicy",
                   "AmazonEKSNetworkingPolicy"]
ENTRY_TYPES = ["STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2",
               "HYBRID_LINUX", "HYPERPOD_LINUX"]
MODES = ["CONFIG_MAP", "API_AND_CONFIG_MAP", "API"]


class ClusterState:
    def __init__(self, spec, partition="aws"):
        self.spec = spec
        self.name = spec["name"]
        self.account = str(spec["account"])
        self.region = spec.get("region", "us-east-2")
        self.version = str(spec.get("version", "1.32"))
        self.arn = "arn:%s:eks:%s:%s:cluster/%s" % (partition, self.region, self.account,
                                                   self.name)
        self.id = str(uuid.uuid5(uuid.NAMESPACE_URL, self.arn)).upper().replace("-", "")
        self.created = time.time() - 86400 * 30
        self.lock = threading.Lock()
        self.entries = {}     # principalArn -> entry dict (with "policies": {arn: assoc})
        self.mode = ""
        self.endpoint = ""    # https://127.0.0.1:PORT, set when the API server starts
        self.ca_data = ""     # base64 PEM of the CA
        self.reset()

    def reset(self):
        """Authentication mode and access entries as the world file seeds them."""
        self.mode = self.spec.get("authentication_mode", "API_AND_CONFIG_MAP")
        with self.lock:
            self.entries = {}
        for e in self.spec.get("access_entries") or []:
            self.put_entry(e["principalArn"], e.get("type", "STANDARD"),
                           e.get("kubernetesGroups", []), e.get("username"))
            for pol in e.get("policies") or []:
                self.associate(e["principalArn"], POLICY_PREFIX + pol["name"]
                               if not pol["name"].startswith("arn:") else pol["name"],
                               pol.get("accessScope", {"type": "cluster"}))

    def default_username(self, principal, kind):
        if kind.startswith("EC2") or kind == "HYBRID_LINUX":
            return "system:node:{{EC2PrivateDNSName}}"
        if kind == "FARGATE_LINUX":
            return "system:node:{{SessionName}}"
        if ":role/" in principal:
            acct = principal.split(":")[4]
            return "arn:aws:sts::%s:assumed-role/%s/{{SessionName}}" % (
                acct, principal.rsplit("/", 1)[-1])
        return principal

    def put_entry(self, principal, kind="STANDARD", groups=(), username=None, tags=None):
        now = time.time()
        short = principal.split(":", 5)[5].replace(":", "/")
        entry = {"clusterName": self.name, "principalArn": principal,
                 "kubernetesGroups": list(groups or []),
                 "accessEntryArn": "arn:aws:eks:%s:%s:access-entry/%s/%s/%s/%s" % (
                     self.region, self.account, self.name, short.split("/")[0],
                     principal.split(":")[4] + "/" + short.split("/")[-1], uuid.uuid4().hex[:20]),
                 "createdAt": now, "modifiedAt": now, "tags": dict(tags or {}),
                 "username": username or self.default_username(principal, kind),
                 "type": kind, "policies": {}}
        with self.lock:
            self.entries[principal] = entry
        return entry

    def find_entry(self, principal):
        with self.lock:
            for arn, entry in self.entries.items():
                if arn.lower() == principal.lower():
                    return entry
        return None

    def associate(self, principal, policy_arn, scope):
        entry = self.find_entry(principal)
        now = time.time()
        with self.lock:
            old = entry["policies"].get(policy_arn)
            assoc = {"policyArn": policy_arn, "accessScope": scope,
                     "associatedAt": old["associatedAt"] if old else now, "modifiedAt": now}
            entry["policies"][policy_arn] = assoc
        return assoc

    @staticmethod
    def public(entry):
        return {k: v for k, v in entry.items() if k != "policies"}

    def describe(self):
        return {"name": self.name, "arn": self.arn, "createdAt": self.created,
                "version": self.version, "endpoint": self.endpoint,
                "roleArn": "arn:aws:iam::%s:role/eks-cluster-role" % self.account,
                "resourcesVpcConfig": {"subnetIds": [], "securityGroupIds": [],
                                       "vpcId": "vpc-0eksbox", "endpointPublicAccess": True,
                                       "endpointPrivateAccess": False,
                                       "publicAccessCidrs": ["0.0.0.0/0"]},
                "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16",
                                            "ipFamily": "ipv4"},
                "identity": {"oidc": {"issuer": "https://oidc.eks.%s.amazonaws.com/id/%s"
                                      % (self.region, self.id)}},
                "status": "ACTIVE", "certificateAuthority": {"data": self.ca_data},
                "platformVersion": "eks.7", "tags": {}, "id": self.id,
                "accessConfig": {"bootstrapClusterCreatorAdminPermissions": True,
                                 "authenticationMode": self.mode}}
