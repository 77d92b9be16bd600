"""IAM Identity Center: the SSO portal (GetRoleCredentials, ListAccounts, ListAccountRoles,
Logout) and SSO-OIDC (RegisterClient, CreateToken with the refresh_token grant)."""
import datetime
import time

from . import restjson
from .httpbase import BaseHandler
from .world import utcnow

ROLE_SECONDS = 3600


class SsoPortalHandler(BaseHandler):
    service = "sso"

    def fault_response(self, status, retry_after):
        restjson.fault(self, status, retry_after)

    def _user(self):
        token = self.headers.get("x-amz-sso_bearer_token")
        tok = self.sandbox.world.sso_token(token) if token else None
        if tok is None or tok.expires <= utcnow():
            restjson.error(self, 401, "UnauthorizedException",
                           "Session token not found or invalid")
            return None
        return tok.user

    def _arg(self, name):
        return (self.query.get(name) or [""])[0]

    def route(self):
        routes = {("GET", "/federation/credentials"): self.get_role_credentials,
                  ("GET", "/assignment/accounts"): self.list_accounts,
                  ("GET", "/assignment/roles"): self.list_account_roles,
                  ("POST", "/logout"): self.logout}
        fn = routes.get((self.command, self.url_path))
        if fn is None:
            return restjson.error(self, 404, "ResourceNotFoundException", "Not Found")
        user = self._user()
        if user:
            fn(user)

    def _sets(self, user, account):
        for acct, sets in self.sandbox.world.assignments(user):
            if str(acct["id"]) == account:
                return sets
        return None

    def get_role_credentials(self, user):
        account, role_name = self._arg("account_id"), self._arg("role_name")
        if not account or not role_name:
            return restjson.error(self, 400, "InvalidRequestException",
                                  "role_name and account_id are required")
        sets = self._sets(user, account) or []
        role = self.sandbox.world.sso_role(account, role_name)
        if role_name not in sets or role is None:
            return restjson.error(self, 403, "ForbiddenException", "No access")
        cred = self.sandbox.world.issue_session(role, user, ROLE_SECONDS)
        restjson.ok(self, {"roleCredentials": {
            "accessKeyId": cred.access_key_id, "secretAccessKey": cred.secret,
            "sessionToken": cred.session_token,
            "expiration": int(cred.expires.timestamp() * 1000)}})

    def list_accounts(self, user):
        accounts = [{"accountId": str(a["id"]), "accountName": a.get("name", ""),
                     "emailAddress": "aws+%s@example.com" % a.get("name", a["id"])}
                    for a, _ in self.sandbox.world.assignments(user)]
        page, nxt = restjson.paginate(self, accounts, "next_token", "max_result")
        restjson.ok(self, {"nextToken": nxt, "accountList": page})

    def list_account_roles(self, user):
        account = self._arg("account_id")
        sets = self._sets(user, account)
        if sets is None:
            return restjson.error(self, 403, "ForbiddenException", "No access")
        roles = [{"roleName": s, "accountId": account} for s in sets]
        page, nxt = restjson.paginate(self, roles, "next_token", "max_result")
        restjson.ok(self, {"nextToken": nxt, "roleList": page})

    def logout(self, user):
        token = self.headers.get("x-amz-sso_bearer_token")
        with self.sandbox.world.lock:
            self.sandbox.world.sso_tokens.pop(token, None)
        restjson.ok(self, {})


class SsoOidcHandler(BaseHandler):
    service = "sso-oidc"

    def fault_response(self, status, retry_after):
        restjson.fault(self, status, retry_after)

    def oauth_error(self, status, code, error, description):
        restjson.error(self, status, code, description,
                       extra={"error": error, "error_description": description})

    def route(self):
        if (self.command, self.url_path) == ("POST", "/client/register"):
            return self.register_client()
        if (self.command, self.url_path) == ("POST", "/token"):
            return self.create_token()
        restjson.error(self, 404, "ResourceNotFoundException", "Not Found")

    def register_client(self):
        body = self.json_body() or {}
        if not body.get("clientName") or not body.get("clientType"):
            return self.oauth_error(400, "InvalidRequestException", "invalid_request",
                                    "clientName and clientType are required")
        cid, secret = self.sandbox.world.register_oidc_client()
        now = int(time.time())
        restjson.ok(self, {"clientId": cid, "clientSecret": secret, "clientIdIssuedAt": now,
                           "clientSecretExpiresAt": now + 90 * 86400})

    def create_token(self):
        body = self.json_body() or {}
        world = self.sandbox.world
        grant = body.get("grantType")
        if grant != "refresh_token":
            return self.oauth_error(400, "UnsupportedGrantTypeException",
                                    "unsupported_grant_type", "Unsupported grant type")
        client = world.oidc_clients.get(body.get("clientId", ""))
        if client is None or client["secret"] != body.get("clientSecret"):
            return self.oauth_error(401, "InvalidClientException", "invalid_client",
                                    "Invalid client provided")
        with world.lock:
            user = client["refresh"].pop(body.get("refreshToken", ""), None)
        if user is None:
            return self.oauth_error(400, "InvalidGrantException", "invalid_grant",
                                    "Invalid refresh token provided")
        tok = world.issue_sso_token(user)
        expires_in = int((tok.expires - utcnow()) / datetime.timedelta(seconds=1))
        restjson.ok(self, {"accessToken": tok.access_token, "tokenType": "Bearer",
                           "expiresIn": expires_in,
                           "refreshToken": world.issue_refresh_token(body["clientId"], user)})
