#pragma once
/// The one redaction of kubectl-ssomap. Every error message, hint, log line and `doctor` line
/// passes through it (core/error.cpp, core/log.cpp, plugin/cmd_doctor.cpp), so a secret that
/// reaches a message by any path is printed as `REDACTED`.
///
/// It knows secrets by their key and by their value shape:
/// - AWS keys in INI, env or shell form (`aws_secret_access_key = x`, `aws_session_token x` with
///   the `=` forgotten, `AWS_SECRET_ACCESS_KEY=x`), botocore's shared-file names;
/// - JSON, YAML and XML fields: accessToken, refreshToken, clientSecret, secretAccessKey,
///   sessionToken, token, client-key-data, password, idToken, ... (`"k": "v"`, `k: v`, `<K>v</K>`);
/// - Authorization values (`Bearer x`, `Basic x`, `AWS4-HMAC-SHA256 ...`), `k8s-aws-v1.` tokens;
/// - presigned-URL parameters X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token;
/// - PEM private keys; the input echo of JSON parse errors (`last read: '...'`).

#include <string>
#include <string_view>

namespace ssomap::redact {

/// What replaces a secret.
inline constexpr std::string_view kRedacted = "REDACTED";

/// `text` with every secret we know of replaced by `REDACTED`. Idempotent.
std::string Text(std::string_view text);

/// The value of HTTP header `name` as it may be shown: secret headers (Authorization,
/// Proxy-Authorization, X-Amz-Security-Token, x-amz-sso_bearer_token, Cookie, Set-Cookie,
/// X-aws-ec2-metadata-token) are replaced whole, others go through Text.
std::string Header(std::string_view name, std::string_view value);

}  // namespace ssomap::redact
