"""Issue 11 §1: no secret reaches any output, on any path. Every command runs, at the default
verbosity and at -v 9, against every bad-file shape — ~/.aws/credentials, ~/.aws/config, the SSO
token cache and the kubeconfig with a missing '=', a bad section header, binary garbage,
truncated JSON, broken YAML — each holding planted secrets; stdout and stderr (where -v writes
its log) must hold none of them, nor a long piece of one.

The AWS CLI's own behaviour is the model: it names the file, never quotes the line."""
import os
import subprocess
from pathlib import Path

import pytest

from whoami_support import BIN_DIR, home, sha1  # noqa: F401

SECRET_KEY = "PlantedSecretKey0wJalrXUtnFEMIK7MDENGbPxRfiCY"
SESSION_TOKEN = "PlantedSessionToken0IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJGMEQCIFp"
ACCESS_TOKEN = "PlantedSsoAccessToken0aoaAAAAAGVyJhbGciOiJIUzI1NiJ9eyJzdWIiOiJhbGljZSJ9"
REFRESH_TOKEN = "PlantedSsoRefreshToken0Atzr7c9f1e2d3b4a5968778695a4b3c2d1e0f"
CLIENT_SECRET = "PlantedClientSecret0eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0"
KUBE_TOKEN = "PlantedKubeToken0eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9c2VjcmV0"
CLIENT_KEY = "UGxhbnRlZENsaWVudEtleURhdGEwTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD"
SECRETS = [SECRET_KEY, SESSION_TOKEN, ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, KUBE_TOKEN, CLIENT_KEY]
GARBAGE = b"\x00\xff\xfe[\x80" + SECRET_KEY.encode() + b"\x00\x9c=\x01" + SESSION_TOKEN.encode() + b"\xc3\x28\n"

# Each shape is added to the end of the file, except those named "before-any-section", which go
# first.
CREDENTIALS_SHAPES = {
    # The reproduction: the '=' forgotten on another profile's line.
    "missing-equals": f"[unrelated]\naws_access_key_id = AKIAUNRELATED0000001\naws_secret_access_key {SECRET_KEY}\n",
    "missing-equals-token": f"[unrelated]\naws_session_token    {SESSION_TOKEN}\n",
    "bad-section-header": f"[unrelated {SECRET_KEY}\naws_secret_access_key = {SECRET_KEY}\n",
    "before-any-section": f"aws_secret_access_key = {SECRET_KEY}\n[x]\n",
    "bare-secret-line": f"[unrelated]\n{SECRET_KEY}\n",
    "set-twice": f"[unrelated]\naws_session_token = {SESSION_TOKEN}\naws_session_token = {SECRET_KEY}\n",
    "nested-without-equals": f"[unrelated]\ns3 =\n  {SECRET_KEY}\n",
    "binary-garbage": GARBAGE,
}
SSO_CACHE_SHAPES = {
    "truncated-json": (f'{{"accessToken": "{ACCESS_TOKEN}", "refreshToken": "{REFRESH_TOKEN}", '
                       f'"clientSecret": "{CLIENT_SECRET}", "expiresAt": "2026-'),
    "wrong-types": f'{{"accessToken": ["{ACCESS_TOKEN}"], "expiresAt": 5, "refreshToken": {{"x": "{REFRESH_TOKEN}"}}}}',
    "binary-garbage": b"\xff\xfe{" + ACCESS_TOKEN.encode() + b"\x00",
    "directory": None,
}
KUBECONFIG_SHAPES = {
    "bad-indentation": (f"apiVersion: v1\nusers:\n- name: u\n  user:\n    token: {KUBE_TOKEN}\n"
                        f"   client-key-data: {CLIENT_KEY}\n  bad: [\n"),
    "tab-after-token": f"users:\n- name: u\n  user:\n    token: {KUBE_TOKEN}\n\tx: y\n",
    "token-not-a-string": f"users:\n- name: u\n  user:\n    token: [{KUBE_TOKEN}]\n",
    "truncated-flow": f'{{"users": [{{"name": "u", "user": {{"token": "{KUBE_TOKEN}", "client-key-data": "{CLIENT_KEY}"',
    "binary-garbage": b"users:\n- \xff\xfe" + KUBE_TOKEN.encode() + b"\x00\x01: [",
    "duplicate-user": (f"users:\n- name: u\n  user: {{token: {KUBE_TOKEN}}}\n"
                       f"- name: u\n  user: {{client-key-data: {CLIENT_KEY}}}\n"),
}
COMMANDS = {
    "whoami": ["whoami", "--profile", "test-profile"],
    "whoami-default": ["whoami"],
    "add": ["add", "--profile", "test-profile", "--admin", "--dry-run=client"],
    "remove": ["remove", "--profile", "test-profile", "--dry-run=client"],
    "list": ["list"],
    "doctor": ["doctor", "--profile", "test-profile"],
    "restore": ["restore"],
    "token": ["token", "--cluster-name", "dev", "--profile", "test-profile"],
    "arn": ["arn", "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_A_1"],
    "version": ["version"],
}
VERBOSITY = {"quiet": [], "v9": ["-v", "9"]}


def write(path, content):
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        os.rmdir(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())


def run(env, args, cwd):
    return subprocess.run([str(BIN_DIR / "kubectl-ssomap"), *args], env=env, capture_output=True,
                          timeout=90, cwd=cwd)


def assert_no_secret(result, where):
    out = result.stdout.decode(errors="replace") + "\n" + result.stderr.decode(errors="replace")
    for secret in SECRETS:
        # The whole secret, and any 16-character piece of it (a truncated quote is still a leak).
        pieces = {secret[i:i + 16] for i in range(8, len(secret) - 16, 8)} | {secret}
        for piece in pieces:
            assert piece not in out, f"{where}: secret piece {piece!r} printed:\n{out[-3000:]}"
    for bad in ("terminate called", "Aborted", "AddressSanitizer", "bad_alloc"):
        assert bad not in out, f"{where}:\n{out[-3000:]}"


def sweep(env, cwd, where):
    for name, args in COMMANDS.items():
        for vname, vflags in VERBOSITY.items():
            r = run(env, [*args, *vflags], cwd)
            assert_no_secret(r, f"{where} / {name} {vname}")


def add_shape(path, shape, content):
    content = content if isinstance(content, bytes) else content.encode()
    old = path.read_bytes()
    write(path, content + b"\n" + old if shape == "before-any-section" else old + b"\n" + content)


@pytest.mark.parametrize("shape", sorted(CREDENTIALS_SHAPES))
def test_bad_credentials_file(home, sandbox, shape):
    add_shape(Path(home.env["AWS_SHARED_CREDENTIALS_FILE"]), shape, CREDENTIALS_SHAPES[shape])
    sweep(home.env, home.path, f"credentials {shape}")


@pytest.mark.parametrize("shape", sorted(CREDENTIALS_SHAPES))
def test_bad_config_file(home, sandbox, shape):
    content = CREDENTIALS_SHAPES[shape]
    if isinstance(content, str):
        content = content.replace("[unrelated", "[profile unrelated")
    add_shape(Path(home.env["AWS_CONFIG_FILE"]), shape, content)
    sweep(home.env, home.path, f"config {shape}")


@pytest.mark.parametrize("shape", sorted(SSO_CACHE_SHAPES))
def test_bad_sso_cache(home, sandbox, shape):
    for f in list(home.sso_cache.glob("*.json")):
        if SSO_CACHE_SHAPES[shape] is None:
            f.unlink()
            f.mkdir()
        else:
            write(f, SSO_CACHE_SHAPES[shape])
    sweep(home.env, home.path, f"sso cache {shape}")


@pytest.mark.parametrize("shape", sorted(KUBECONFIG_SHAPES))
def test_bad_kubeconfig(home, sandbox, shape, tmp_path):
    bad = tmp_path / "kubeconfig"
    write(bad, KUBECONFIG_SHAPES[shape])
    env = dict(home.env, KUBECONFIG=f"{bad}:{sandbox.env['KUBECONFIG']}")
    sweep(env, home.path, f"kubeconfig {shape}")


def test_reproduction_missing_equals_on_another_profile(home, sandbox):
    """The probe's reproduction: `aws_secret_access_key SECRET` on another profile's line made
    whoami, add and remove print the secret on stderr, doctor on stdout, -v 9 in the log — even
    for an unrelated SSO profile. Now the error names the file and line only."""
    path = Path(home.env["AWS_SHARED_CREDENTIALS_FILE"])
    lines = path.read_text().splitlines()
    write(path, path.read_text() + f"\n[other]\naws_secret_access_key {SECRET_KEY}\n")
    line = len(lines) + 3
    for args in (["whoami", "--profile", "test-profile"],
                 ["add", "--profile", "test-profile", "--admin", "--dry-run=client"],
                 ["remove", "--profile", "test-profile", "--dry-run=client"],
                 ["doctor", "--profile", "test-profile"],
                 ["whoami", "--profile", "test-profile", "-v", "9"]):
        r = run(home.env, args, home.path)
        assert_no_secret(r, " ".join(args))
        assert r.returncode != 0, r
        assert f"{path}:{line}:" in (r.stdout + r.stderr).decode(), (r.stdout + r.stderr).decode()
    # The AWS CLI refuses the file too, and names only the file.
    aws = subprocess.run([os.environ.get("SSOMAP_AWS", "/usr/bin/aws"), "sts", "get-caller-identity",
                          "--profile", "test-profile"], env=home.env, capture_output=True, text=True,
                         timeout=90)
    assert aws.returncode != 0 and SECRET_KEY not in aws.stderr + aws.stdout
