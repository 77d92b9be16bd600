"""Certificates for the sandbox, made with the openssl command line tool.

One CA signs everything: the HTTPS server certificate (127.0.0.1, localhost and the AWS host
names the CONNECT proxy serves) and the client certificates of Kubernetes users (CN = user
name, O = groups, as the API server reads them).
"""
import os
import subprocess

# The AWS host names that clients may reach through the sandbox CONNECT proxy (see proxy.py).
GLOBAL_HOSTS = ["sts.amazonaws.com", "iam.amazonaws.com"]


def aws_host_patterns(regions):
    """Wildcards for sts./eks./oidc. and portal.sso. in each region."""
    names = list(GLOBAL_HOSTS)
    for r in sorted(set(regions)):
        names += ["*.%s.amazonaws.com" % r, "*.sso.%s.amazonaws.com" % r]
    return names


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _ext_file(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def make_ca(directory):
    """Create ca.key/ca.crt in directory (if missing) and return the CA cert path."""
    os.makedirs(directory, exist_ok=True)
    crt = os.path.join(directory, "ca.crt")
    if not os.path.exists(crt):
        _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
                 "-subj", "/CN=eksbox-ca", "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
        os.chmod(os.path.join(directory, "ca.key"), 0o600)
    return crt


def _sign(directory, stem, subj, ext_text):
    """Key and CA-signed certificate in one `openssl req -x509 -CA` call (OpenSSL 3)."""
    cnf = _ext_file(directory, stem + ".cnf",
                    "[req]\ndistinguished_name = dn\n[dn]\n[ext]\n" + ext_text)
    _openssl("req", "-x509", "-config", cnf, "-extensions", "ext", "-newkey", "ec",
             "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", stem + ".key",
             "-out", stem + ".crt", "-subj", subj, "-days", "825", "-sha256",
             "-CA", "ca.crt", "-CAkey", "ca.key", cwd=directory)
    os.chmod(os.path.join(directory, stem + ".key"), 0o600)
    os.remove(cnf)
    return os.path.join(directory, stem + ".crt"), os.path.join(directory, stem + ".key")


def make_server_cert(directory, regions):
    """Server certificate for 127.0.0.1, localhost and the served AWS host names."""
    sans = ["IP:127.0.0.1", "DNS:localhost"] + ["DNS:" + h for h in aws_host_patterns(regions)]
    return _sign(directory, "server", "/CN=eksbox",
                 "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                 "extendedKeyUsage=serverAuth\nsubjectAltName=" + ",".join(sans) + "\n")


def make_client_cert(directory, stem, user, groups=()):
    """Client certificate: CN is the Kubernetes user name, each O a group."""
    subj = "/" + "".join("O=%s/" % g for g in groups) + "CN=" + user
    return _sign(directory, stem, subj,
                 "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                 "extendedKeyUsage=clientAuth\n")


def make_all(directory, regions=("us-east-1", "us-east-2", "us-west-2")):
    """CA, server and admin client certificates; returns a dict of paths."""
    ca = make_ca(directory)
    server_crt, server_key = make_server_cert(directory, regions)
    admin_crt, admin_key = make_client_cert(directory, "admin", "kubernetes-admin",
                                            ["system:masters"])
    return {"ca": ca, "server_crt": server_crt, "server_key": server_key,
            "admin_crt": admin_crt, "admin_key": admin_key}
