#pragma once
/// AWS Signature Version 4. The stages (canonical request, string to sign, signing key,
/// signature) are pure functions with the time and credentials as inputs; the helpers at the
/// bottom apply them to a net::Request. (Owner: the SigV4 work; the staged API is declared below
/// these two entry points.)

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "core/clock.hpp"
#include "net/transport.hpp"

namespace ssomap::aws::sigv4 {

/// Where and when a request is signed.
struct Scope {
  std::string region;  ///< e.g. "us-east-1"
  std::string
      service;  ///< signing name, e.g. "sts", "eks", "sso" (portal uses bearer tokens, not SigV4)
  TimePoint time;
};

/// Signs `request` in place with header authentication: adds `X-Amz-Date`,
/// `X-Amz-Security-Token` (when the credentials have a session token), `X-Amz-Content-SHA256`
/// only where the service needs it, and `Authorization`. The `Host` header is derived from the URL.
void SignRequest(net::Request& request, const Credentials& credentials, const Scope& scope);

/// A presigned URL (query authentication) for `request`, valid for `expires`; headers already in
/// `request.headers` (e.g. `x-k8s-aws-id`) are signed in.
std::string PresignUrl(const net::Request& request, const Credentials& credentials,
                       const Scope& scope, std::chrono::seconds expires);

// ---- The staged algorithm. Every function below is pure. ----

/// The only algorithm we sign with.
inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
/// hex(SHA-256("")): the payload hash of every request without a body.
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The per-service variations of the algorithm (aws-c-auth `aws_signing_config_aws`).
/// The defaults are right for every service except S3, which is the only one we never call.
struct Options {
  bool normalize_path = true;      ///< remove `.`/`..` segments and repeated `/` (false for S3)
  bool double_encode_path = true;  ///< UriEncode the already-encoded wire path again (false for S3)
  bool content_sha256_header =
      false;  ///< add and sign `x-amz-content-sha256` (S3; the vectors' sign_body)
  bool sign_session_token =
      true;  ///< false: the token is added after signing, unsigned ("header-after")
};

/// `X-Amz-Date` form of `time`: `%Y%m%dT%H%M%SZ` in UTC (sub-seconds dropped).
std::string AmzDate(TimePoint time);

/// `yyyymmdd/region/service/aws4_request`.
std::string CredentialScope(const Scope& scope);

/// The canonical URI of a wire (already percent-encoded) path: dot segments removed when
/// `normalize_path`, then UriEncode'd again (keeping `/`) when `double_encode_path`; "" is "/".
std::string CanonicalUri(std::string_view wire_path, const Options& options = {});

/// The canonical query string of a wire query (no `?`): each `k=v` piece decoded and re-encoded
/// with UriEncode, a piece without `=` taken as `k=`, then sorted by key and then value.
std::string CanonicalQuery(std::string_view wire_query);

/// The canonical headers block (`name:value\n` per name) and the `;`-joined signed header names.
struct CanonicalHeaders {
  std::string block;  ///< sorted lower-case names; values trimmed, whitespace runs collapsed,
                      ///< repeated names joined with `,` in arrival order
  std::string signed_headers;  ///< e.g. "content-type;host;x-amz-date"
};

/// Header names that are never signed, because proxies and clients may change them
/// (botocore `SIGNED_HEADERS_BLACKLIST`).
bool IsUnsignedHeader(std::string_view lower_name);

/// Canonicalizes every header in `headers` except the unsigned ones. `Host` must be among them.
CanonicalHeaders CanonicalizeHeaders(const net::Headers& headers);

/// `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nPAYLOAD_HASH`.
std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, const CanonicalHeaders& headers,
                             std::string_view payload_hash);

/// `AWS4-HMAC-SHA256\n<amz date>\n<credential scope>\nhex(sha256(canonical request))`.
std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request);

/// The derived key HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"),
/// as 32 raw bytes.
std::string SigningKey(std::string_view secret_access_key, const Scope& scope);

/// hex(HMAC(signing key, string to sign)).
std::string Signature(std::string_view signing_key, std::string_view string_to_sign);

/// `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex`.
std::string AuthorizationHeader(std::string_view access_key_id, std::string_view credential_scope,
                                std::string_view signed_headers, std::string_view signature);

/// The intermediate results of one signing, for tests and stage-by-stage comparison.
struct Stages {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

/// SignRequest with explicit options, returning the stages it went through.
Stages SignRequestStaged(net::Request& request, const Credentials& credentials, const Scope& scope,
                         const Options& options);

/// A presigned URL and the stages that produced it.
struct Presigned {
  std::string url;
  Stages stages;
};

/// PresignUrl with explicit options, returning the stages it went through. Query parameters already
/// in the URL are kept in front of the `X-Amz-*` ones; the request body (if any) is hashed.
Presigned PresignStaged(const net::Request& request, const Credentials& credentials,
                        const Scope& scope, std::chrono::seconds expires, const Options& options);

}  // namespace ssomap::aws::sigv4
