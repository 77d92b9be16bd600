"""The world the sandbox serves, loaded from a YAML data file (see ../world.yaml).

Static facts (accounts, Identity Center users and permission sets, IAM users and roles,
clusters) come from the file; live state that servers share (issued credentials and SSO tokens)
sits in `World` behind one lock.
"""
import dataclasses
import datetime
import hashlib
import os
import secrets
import string
import threading

import yaml

from .world_iam import RoleLifecycle

DEFAULT_WORLD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             "world.yaml")
SSO_PATH = "/aws-reserved/sso.amazonaws.com/%s/"   # the default; an account may set sso_path
SLR_PATH = "/aws-service-role/"                     # service-linked roles live under it
CREATED = datetime.datetime(2024, 3, 4, 5, 6, 7, tzinfo=datetime.timezone.utc)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def _unique_id(prefix, seed):
    """A stable IAM unique id (AROA…, AIDA…) derived from a seed string."""
    digest = hashlib.sha256(seed.encode()).digest()
    alphabet = string.ascii_uppercase + "234567"
    return prefix + "".join(alphabet[b % len(alphabet)] for b in digest[:17])


def random_key(prefix, n=16):
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(n))


@dataclasses.dataclass
class Role:
    account: str
    name: str
    path: str
    trusted: list
    permission_set: str = ""
    iam_get_role: bool = True
    web_identity_audience: str = ""
    partition: str = "aws"
    generation: int = 0          # bumped when the role is deleted and created again
    created: datetime.datetime = CREATED

    @property
    def arn(self):
        return "arn:%s:iam::%s:role%s%s" % (self.partition, self.account, self.path, self.name)

    @property
    def role_id(self):
        """IAM's unique id: a role created again under the same ARN gets a new one."""
        seed = self.arn if not self.generation else "%s#%d" % (self.arn, self.generation)
        return _unique_id("AROA", seed)

    @property
    def service_linked(self):
        return self.path.startswith(SLR_PATH)


@dataclasses.dataclass
class Credential:
    """Credentials the sandbox knows: a static IAM user key or an issued session."""
    access_key_id: str
    secret: str
    arn: str               # what GetCallerIdentity answers
    user_id: str
    account: str
    session_token: str = ""
    expires: datetime.datetime = None
    role: Role = None


@dataclasses.dataclass
class SsoToken:
    access_token: str
    user: str
    expires: datetime.datetime


class World(RoleLifecycle):
    def __init__(self, path=None):
        self.path = path or DEFAULT_WORLD
        with open(self.path) as f:
            data = yaml.safe_load(f) or {}
        self.data = data
        self.partition = data.get("partition", "aws")
        self.region = data.get("region", "us-east-2")
        ic = data.get("identity_center", {})
        self.start_url = ic.get("start_url", "https://d-0000000000.awsapps.com/start")
        self.sso_region = ic.get("region", self.region)
        self.session_name = ic.get("session_name", "corp")
        self.sso_users = list(ic.get("users", []))
        self.logged_in_user = ic.get("logged_in_user") or (self.sso_users or [""])[0]
        self.permission_sets = ic.get("permission_sets", {}) or {}
        self.accounts = data.get("accounts", [])
        self.clusters = data.get("clusters", [])
        self.lock = threading.Lock()
        self.creds = {}          # access key id -> Credential
        self.sso_tokens = {}     # access token -> SsoToken
        self.oidc_clients = {}   # client id -> {"secret", "refresh_tokens": set}
        self.roles = {}          # lower-case ARN -> Role
        self.generations = 0     # role re-creations so far (each gets a new role id)
        self.deleted = {}        # (account, lower-case name) -> the deleted Role
        self._load_principals()

    # ---- principals -------------------------------------------------------------------
    def sso_path(self, account):
        """An account's Identity Center role path: /aws-reserved/sso.amazonaws.com/<region>/
        by default; `sso_path: /aws-reserved/sso.amazonaws.com/` in accounts whose roles were
        provisioned before the region segment existed."""
        for acct in self.accounts:
            if str(acct["id"]) == account and acct.get("sso_path"):
                return acct["sso_path"]
        return SSO_PATH % self.sso_region

    def sso_role_for(self, account, pset, suffix):
        flags = self.permission_sets.get(pset) or {}
        return Role(account, "AWSReservedSSO_%s_%s" % (pset, suffix), self.sso_path(account),
                    ["sso"], pset, flags.get("iam_get_role", True), partition=self.partition)

    def _load_roles(self, acct):
        aid = str(acct["id"])
        for pset, suffix in (acct.get("sso_roles") or {}).items():
            self._add_role(self.sso_role_for(aid, pset, suffix))
        for r in acct.get("iam_roles") or []:
            self._add_role(Role(aid, r["name"], r.get("path", "/"), r.get("trusted", []),
                                web_identity_audience=r.get("web_identity_audience", ""),
                                partition=self.partition))

    def _load_principals(self):
        for acct in self.accounts:
            aid = str(acct["id"])
            self._load_roles(acct)
            for u in acct.get("iam_users") or []:
                arn = "arn:%s:iam::%s:user/%s" % (self.partition, aid, u["name"])
                self.creds[u["access_key_id"]] = Credential(
                    u["access_key_id"], u["secret_access_key"], arn,
                    _unique_id("AIDA", arn), aid)

    def _add_role(self, role):
        with self.lock:
            self.roles[role.arn.lower()] = role

    def account_ids(self):
        return [str(a["id"]) for a in self.accounts]

    def roles_of(self, account):
        with self.lock:
            return [r for r in self.roles.values() if r.account == account]

    def find_role(self, account, name):
        for role in self.roles_of(account):
            if role.account == account and role.name.lower() == name.lower():
                return role
        return None

    def role_by_arn(self, arn):
        with self.lock:
            return self.roles.get(arn.lower())

    def sso_role(self, account, permission_set):
        for role in self.roles_of(account):
            if role.permission_set == permission_set:
                return role
        return None

    def assignments(self, user):
        """[(account dict, [permission sets])] that an Identity Center user may use."""
        out = []
        for acct in self.accounts:
            sets = (acct.get("assignments") or {}).get(user)
            if sets:
                out.append((acct, list(sets)))
        return out

    def cluster(self, name):
        for c in self.clusters:
            if c["name"] == name:
                return c
        return None

    def iam_user_creds(self):
        with self.lock:
            return [c for c in self.creds.values() if not c.session_token]

    # ---- live state ---------------------------------------------------------------------
    def issue_session(self, role, session_name, seconds=3600, source=None):
        """Issue temporary credentials for an assumed-role session."""
        akid = random_key("ASIA")
        cred = Credential(
            akid, secrets.token_urlsafe(30)[:40],
            "arn:%s:sts::%s:assumed-role/%s/%s" % (self.partition, role.account, role.name,
                                                   session_name),
            "%s:%s" % (role.role_id, session_name), role.account,
            session_token="IQoJb3JpZ2luX2VjE" + secrets.token_urlsafe(96),
            expires=utcnow() + datetime.timedelta(seconds=seconds), role=role)
        with self.lock:
            self.creds[akid] = cred
        return cred

    def credential(self, akid):
        with self.lock:
            return self.creds.get(akid)

    def issue_sso_token(self, user, seconds=8 * 3600, token=None):
        tok = SsoToken(token or "aoa" + secrets.token_urlsafe(48), user,
                       utcnow() + datetime.timedelta(seconds=seconds))
        with self.lock:
            self.sso_tokens[tok.access_token] = tok
        return tok

    def sso_token(self, access_token):
        with self.lock:
            return self.sso_tokens.get(access_token)

    def register_oidc_client(self):
        cid = secrets.token_urlsafe(16)
        with self.lock:
            self.oidc_clients[cid] = {"secret": secrets.token_urlsafe(32), "refresh": {}}
        return cid, self.oidc_clients[cid]["secret"]

    def issue_refresh_token(self, client_id, user):
        rt = "aorAAAAA" + secrets.token_urlsafe(48)
        with self.lock:
            self.oidc_clients[client_id]["refresh"][rt] = user
        return rt
