"""The ready HOME that `up` writes into DIR: kubeconfig, AWS config and credentials, a
logged-in SSO token cache, and DIR/env."""
import base64
import datetime
import hashlib
import json
import os
import shlex

import yaml

from .world import utcnow

AWS_TIME = "%Y-%m-%dT%H:%M:%SZ"


def _write(path, text, mode=0o600):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def _b64file(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()


def token_cache_name(key):
    """The AWS CLI's cache file name: sha1 of the start URL (legacy) or session name."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest() + ".json"


def write_kubeconfig(sb, path):
    world, pki = sb.world, sb.pki
    profile = world.data.get("sso_user_profile", "test-profile")
    clusters, users, contexts = [], [], []
    users.append({"name": "admin", "user": {"token": sb.admin_token}})
    users.append({"name": "admin-cert", "user": {
        "client-certificate-data": _b64file(pki["admin_crt"]),
        "client-key-data": _b64file(pki["admin_key"])}})
    for i, c in enumerate(sb.clusters.values()):
        suffix = "" if i == 0 else "@" + c.name
        clusters.append({"name": c.name, "cluster": {
            "server": c.endpoint, "certificate-authority-data": _b64file(pki["ca"])}})
        users.append({"name": "sso-user" + suffix, "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1", "command": "aws",
            "args": ["--region", c.region, "eks", "get-token", "--cluster-name", c.name,
                     "--output", "json"],
            "env": [{"name": "AWS_PROFILE", "value": profile}],
            "interactiveMode": "IfAvailable", "provideClusterInfo": False}}})
        for ctx, user in (("admin", "admin"), ("admin-cert", "admin-cert"),
                          ("sso-user", "sso-user" + suffix)):
            contexts.append({"name": ctx + suffix, "context": {"cluster": c.name, "user": user}})
    doc = {"apiVersion": "v1", "kind": "Config", "preferences": {},
           "clusters": clusters, "users": users, "contexts": contexts,
           "current-context": "admin"}
    _write(path, yaml.safe_dump(doc, sort_keys=False))


def write_aws(sb, home):
    world = sb.world
    lines = ["[default]", "region = %s" % world.region, "output = json", ""]
    for name, p in (world.data.get("profiles") or {}).items():
        lines.append("[profile %s]" % name)
        if p.get("form", "session") == "legacy":
            lines += ["sso_start_url = %s" % world.start_url,
                      "sso_region = %s" % world.sso_region]
        else:
            lines.append("sso_session = %s" % world.session_name)
        lines += ["sso_account_id = %s" % p["account"],
                  "sso_role_name = %s" % p["permission_set"],
                  "region = %s" % p.get("region", world.region), "output = json", ""]
    creds = []
    for cred in world.iam_user_creds():
        name = cred.arn.rsplit("/", 1)[-1]
        creds += ["[%s]" % name, "aws_access_key_id = %s" % cred.access_key_id,
                  "aws_secret_access_key = %s" % cred.secret, ""]
        lines += ["[profile %s]" % name, "region = %s" % world.region, ""]
    lines += ["[sso-session %s]" % world.session_name, "sso_start_url = %s" % world.start_url,
              "sso_region = %s" % world.sso_region,
              "sso_registration_scopes = sso:account:access", ""]
    _write(os.path.join(home, ".aws", "config"), "\n".join(lines))
    _write(os.path.join(home, ".aws", "credentials"), "\n".join(creds))
    write_sso_cache(sb, home)


def write_sso_cache(sb, home, seconds=8 * 3600):
    """Log the world's user in: one cache file per form, as `aws sso login` leaves them."""
    world = sb.world
    cache = os.path.join(home, ".aws", "sso", "cache")
    user = world.logged_in_user
    legacy = world.issue_sso_token(user, seconds)
    _write(os.path.join(cache, token_cache_name(world.start_url)), json.dumps({
        "startUrl": world.start_url, "region": world.sso_region,
        "accessToken": legacy.access_token, "expiresAt": legacy.expires.strftime(AWS_TIME)}))
    session = world.issue_sso_token(user, seconds)
    client_id, client_secret = world.register_oidc_client()
    _write(os.path.join(cache, token_cache_name(world.session_name)), json.dumps({
        "startUrl": world.start_url, "region": world.sso_region,
        "accessToken": session.access_token, "expiresAt": session.expires.strftime(AWS_TIME),
        "clientId": client_id, "clientSecret": client_secret,
        "registrationExpiresAt": (utcnow() + datetime.timedelta(days=90)).strftime(AWS_TIME),
        "refreshToken": world.issue_refresh_token(client_id, user)}))


def environment(sb):
    """The variables that point every client at the sandbox."""
    d, world = sb.dir, sb.world
    proxy = "http://127.0.0.1:%d" % sb.proxy.port
    env = {"HOME": d, "KUBECONFIG": os.path.join(d, ".kube", "config"),
           "AWS_CONFIG_FILE": os.path.join(d, ".aws", "config"),
           "AWS_SHARED_CREDENTIALS_FILE": os.path.join(d, ".aws", "credentials"),
           "AWS_DEFAULT_REGION": world.region, "AWS_REGION": world.region,
           "AWS_CA_BUNDLE": sb.pki["ca"], "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true",
           "HTTPS_PROXY": proxy, "https_proxy": proxy,
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
           "EKSBOX_DIR": d, "EKSBOX_CONTROL_URL": sb.url("kube") + "/_sandbox",
           "EKSBOX_ADMIN_TOKEN": sb.admin_token}
    for service, var in (("sts", "STS"), ("sso", "SSO"), ("sso-oidc", "SSO_OIDC"),
                         ("iam", "IAM"), ("eks", "EKS")):
        env["AWS_ENDPOINT_URL_" + var] = sb.url(service)
    return env


def write_env(sb, path):
    lines = ["# eksbox environment: . %s" % path]
    lines += ["export %s=%s" % (k, shlex.quote(v)) for k, v in sorted(environment(sb).items())]
    _write(path, "\n".join(lines) + "\n", 0o644)


def write_home(sb):
    write_kubeconfig(sb, os.path.join(sb.dir, ".kube", "config"))
    write_aws(sb, sb.dir)
    write_env(sb, os.path.join(sb.dir, "env"))
