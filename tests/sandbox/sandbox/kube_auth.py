"""Authentication for the sandbox API server: client certificates, static tokens, and EKS
tokens verified as aws-iam-authenticator's token.Verify does, then mapped through aws-auth
and/or access entries according to the cluster's authentication mode."""
import base64
import dataclasses
import datetime
import http.client
import json
import re
import ssl
import urllib.parse

from . import arn as arnlib
from . import awsauth
from . import kube_status as st
from . import rbac
from .world import utcnow

V1_PREFIX = "k8s-aws-v1."
MAX_TOKEN_LEN = 4096
ALLOWED_PARAMS = {"action", "version", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
                  "x-amz-expires", "x-amz-security-token", "x-amz-signature",
                  "x-amz-signedheaders"}
STS_HOST = re.compile(r"^sts(\.[a-z0-9-]+)?\.amazonaws\.com$")
TOKEN_LIFE = datetime.timedelta(minutes=15)


@dataclasses.dataclass
class UserInfo:
    name: str
    groups: list
    uid: str = ""
    extra: dict = dataclasses.field(default_factory=dict)
    policies: list = dataclasses.field(default_factory=list)   # EKS access policies

    def to_dict(self):
        d = {"username": self.name, "groups": self.groups}
        if self.uid:
            d["uid"] = self.uid
        if self.extra:
            d["extra"] = {k: [v] for k, v in self.extra.items()}
        return d


ANONYMOUS = UserInfo("system:anonymous", ["system:unauthenticated"])


class TokenError(Exception):
    pass


class Authenticator:
    def __init__(self, sandbox, kube_cluster):
        self.sb, self.kc, self.cluster = sandbox, kube_cluster, kube_cluster.state
        self.tokens = kube_cluster.tokens
        self.ctx = ssl.create_default_context(cafile=sandbox.pki["ca"])

    def authenticate(self, handler):
        """UserInfo, ANONYMOUS when no credentials were sent, or None (401)."""
        cert = handler.connection.getpeercert() if hasattr(handler.connection,
                                                          "getpeercert") else None
        if cert:
            rdns = [pair for rdn in cert.get("subject", ()) for pair in rdn]
            cn = [v for k, v in rdns if k == "commonName"]
            if cn:
                return UserInfo(cn[0], [v for k, v in rdns if k == "organizationName"] +
                                ["system:authenticated"])
        auth = handler.headers.get("Authorization", "")
        if not auth:
            return ANONYMOUS
        if not auth.lower().startswith("bearer "):
            return None
        token = auth[7:].strip()
        if token in self.tokens:
            user, groups = self.tokens[token]
            return UserInfo(user, list(groups) + ["system:authenticated"])
        if token.startswith(V1_PREFIX):
            try:
                return self.eks_user(token)
            except (TokenError, arnlib.ArnError, ValueError) as exc:
                self.kc.auth_log.append(str(exc))
                return None
        return None

    # ---- impersonation (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go) -----------
    def impersonate(self, handler, user):
        """The user to act as: `user` itself, or the one its Impersonate-* headers ask for once
        RBAC allows `user` the verb impersonate on each (users, groups, uids, userextras/<key>).
        Raises st.KubeError (403 Forbidden, or 500 for groups/uid/extras without a user)."""
        headers = handler.headers
        name = headers.get("Impersonate-User")
        groups = headers.get_all("Impersonate-Group") or []
        uid = headers.get("Impersonate-Uid")
        extra = {}
        for key, value in headers.items():
            if key.lower().startswith("impersonate-extra-"):
                extra_key = urllib.parse.unquote(key[len("impersonate-extra-"):].lower())
                extra.setdefault(extra_key, []).append(value)
        if name is None:
            if groups or extra or uid is not None:
                raise st.KubeError(st.status(500, "InternalError", "Internal error occurred: "
                                             "requested groups, uid or extras without "
                                             "impersonating a user"))
            return user
        wanted = [("users", "", name, "")] + [("groups", "", g, "") for g in groups]
        if uid is not None:
            wanted.append(("uids", "authentication.k8s.io", uid, ""))
        for key, values in sorted(extra.items()):
            wanted += [("userextras", "authentication.k8s.io", v, key) for v in values]
        for resource, group, value, sub in wanted:
            attrs = rbac.Attributes("impersonate", resource, group, "", value, sub)
            if not rbac.authorize(self.kc.store, user, attrs)[0]:
                raise st.KubeError(st.forbidden(user.name, "impersonate", resource, group, "",
                                                value, sub))
        self.kc.auth_log.append("%s impersonates %s %s" % (user.name, name, groups))
        groups = list(groups)
        if name != "system:anonymous" and "system:authenticated" not in groups:
            groups.append("system:authenticated")
        return UserInfo(name, groups, uid or "", {k: v[0] for k, v in extra.items()})

    # ---- aws-iam-authenticator token.Verify -------------------------------------------
    def _sts_hosts(self):
        sts = self.sb.servers["sts"].port
        return {"127.0.0.1:%d" % sts, "localhost:%d" % sts}

    def verify_token(self, token):
        if len(token) > MAX_TOKEN_LEN:
            raise TokenError("token is too large")
        raw = token[len(V1_PREFIX):]
        if "=" in raw:
            raise TokenError("illegal base64 data")
        try:
            url = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        except (ValueError, UnicodeDecodeError):
            raise TokenError("illegal base64 data")
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "https":
            raise TokenError("unexpected scheme %r in pre-signed URL" % parsed.scheme)
        if not (STS_HOST.match(parsed.netloc) or parsed.netloc in self._sts_hosts()):
            raise TokenError("unexpected hostname %r in pre-signed URL" % parsed.netloc)
        if parsed.path != "/":
            raise TokenError("unexpected path in pre-signed URL")
        pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
        lower = {}
        for k, v in pairs:
            if k.lower() in lower:
                raise TokenError("query parameter with key %r found more than once" % k)
            if k.lower() not in ALLOWED_PARAMS:
                raise TokenError("non-whitelisted query parameter %r" % k)
            lower[k.lower()] = v
        if lower.get("action") != "GetCallerIdentity":
            raise TokenError("unexpected action parameter in pre-signed URL")
        if "x-k8s-aws-id" not in lower.get("x-amz-signedheaders", "").split(";"):
            raise TokenError("client did not sign the x-k8s-aws-id header in the pre-signed URL")
        try:
            expires = int(lower.get("x-amz-expires", ""))
        except ValueError:
            raise TokenError("error parsing X-Amz-Expires")
        if not 0 <= expires <= 900:
            raise TokenError("X-Amz-Expires parameter out of range")
        try:
            date = datetime.datetime.strptime(lower.get("x-amz-date", ""), "%Y%m%dT%H%M%SZ")
        except ValueError:
            raise TokenError("error parsing X-Amz-Date")
        if utcnow() > date.replace(tzinfo=datetime.timezone.utc) + TOKEN_LIFE:
            raise TokenError("X-Amz-Date parameter is expired (15 minute expiration)")
        return parsed, lower

    def call_sts(self, parsed):
        """Replay the presigned URL against the sandbox STS, as the authenticator does."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.sb.servers["sts"].port,
                                           context=self.ctx, timeout=10)
        try:
            conn.request("GET", "/?" + parsed.query, headers={
                "Host": parsed.netloc, "x-k8s-aws-id": self.cluster.name,
                "accept": "application/json"})
            resp = conn.getresponse()
            body = resp.read()
        except OSError as exc:
            raise TokenError("error during GET: %s" % exc)
        finally:
            conn.close()
        if resp.status != 200:
            raise TokenError("sts getCallerIdentity failed: %d %s" % (resp.status,
                                                                      body.decode()[:300]))
        result = json.loads(body)["GetCallerIdentityResponse"]["GetCallerIdentityResult"]
        return result

    def eks_user(self, token):
        parsed, q = self.verify_token(token)
        ident = self.call_sts(parsed)
        kind, canonical = arnlib.canonicalize(ident["Arn"])
        user_id, session = ident["UserId"], ""
        if kind in ("ROLE", "ASSUMED_ROLE"):
            parts = ident["UserId"].split(":")
            if len(parts) != 2:
                raise TokenError("malformed UserID %r" % ident["UserId"])
            user_id, session = parts
        identity = {"arn": ident["Arn"], "canonical": canonical, "account": ident["Account"],
                    "user_id": user_id, "session_name": session, "region": self.cluster.region,
                    "access_key_id": q.get("x-amz-credential", "").split("/")[0]}
        mapped = self.map_identity(identity)
        if mapped is None:
            raise TokenError("ARN is not mapped: %s" % canonical)
        username, groups, policies = mapped
        extra = {"arn": ident["Arn"], "canonicalArn": canonical, "sessionName": session,
                 "accessKeyId": identity["access_key_id"], "principalId": ident["UserId"]}
        return UserInfo(awsauth.render(username, identity),
                        [awsauth.render(g, identity) for g in groups] +
                        ["system:authenticated"],
                        "aws-iam-authenticator:%s:%s" % (ident["Account"], user_id),
                        extra, policies)

    def map_identity(self, identity):
        mode = self.cluster.mode
        if mode in ("API", "API_AND_CONFIG_MAP"):
            entry = self._access_entry(identity)
            if entry:
                return entry["username"], entry["kubernetesGroups"], entry["policies"]
        if mode in ("CONFIG_MAP", "API_AND_CONFIG_MAP"):
            cm = self.kc.store.get("configmaps", "kube-system", "aws-auth")
            if cm is not None:
                found = awsauth.lookup(awsauth.parse(cm.get("data")), identity["canonical"],
                                       identity["account"])
                if found:
                    return found[0], found[1], []
        if mode == "CONFIG_MAP" and self._is_creator(identity):
            # the creator's implicit admin, invisible in aws-auth (EKSUG grant-k8s-access)
            return "kubernetes-admin", ["system:masters"], []
        return None

    def _principal(self, identity):
        """Access entries name the IAM principal with its path; resolve it from the world."""
        canonical = identity["canonical"]
        if ":role/" in canonical:
            role = self.sb.world.find_role(identity["account"], canonical.rsplit("/", 1)[-1])
            return role.arn if role else canonical
        return canonical

    def _access_entry(self, identity):
        """The entry as the authenticator sees it now; an entry made for a role that has been
        deleted and created again (another role id) no longer matches."""
        entry = self.cluster.effective_entry(self._principal(identity))
        if entry and entry.get("roleId") and entry["roleId"] != identity["user_id"]:
            self.kc.auth_log.append("access entry for %s was made for role id %s, the caller "
                                    "is %s" % (entry["principalArn"], entry["roleId"],
                                               identity["user_id"]))
            return None
        return entry

    def _is_creator(self, identity):
        creator = self.cluster.creator
        return bool(creator and self.cluster.bootstrap_admin and
                    self._principal(identity).lower() == creator.lower())
