// SigV4 string to sign, key derivation and signature, and applying them to a net::Request
// with header or query (presigned URL) authentication.
#include "aws/sigv4.hpp"

#include <ctime>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "net/url.hpp"

namespace ssomap::aws::sigv4 {
namespace {

constexpr std::string_view kTerminator = "aws4_request";
constexpr std::string_view kDateHeader = "X-Amz-Date";
constexpr std::string_view kTokenHeader = "X-Amz-Security-Token";
constexpr std::string_view kContentSha256Header = "X-Amz-Content-SHA256";
/// The scope's date is the first 8 characters of the X-Amz-Date value (yyyymmdd).
constexpr std::size_t kDateLength = 8;

void RemoveHeader(net::Headers& headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return text::EqualsIgnoreCase(h.first, name); });
}

const std::string* FindHeader(const net::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (text::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

/// The headers to sign: the request's own plus `host` from the URL unless one was given.
net::Headers WithHost(net::Headers headers, const net::Url& url) {
  if (!FindHeader(headers, "host")) headers.emplace_back("host", url.HostHeader());
  return headers;
}

Stages Sign(std::string_view method, const net::Url& url, std::string_view query,
            const net::Headers& headers, std::string_view payload_hash,
            const Credentials& credentials, const Scope& scope, const Options& options) {
  Stages out;
  out.canonical_request =
      CanonicalRequest(method, CanonicalUri(url.path, options), CanonicalQuery(query),
                       CanonicalizeHeaders(WithHost(headers, url)), payload_hash);
  out.string_to_sign =
      StringToSign(AmzDate(scope.time), CredentialScope(scope), out.canonical_request);
  out.signature = Signature(SigningKey(credentials.secret_access_key, scope), out.string_to_sign);
  return out;
}

void RequireKeys(const Credentials& credentials) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw Error("cannot sign the request: the credentials have no access key or secret key", {},
                Exit::kAuth);
  }
}

}  // namespace

std::string AmzDate(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> buffer{};
  const auto length = std::strftime(buffer.data(), buffer.size(), "%Y%m%dT%H%M%SZ", &utc);
  return std::string(buffer.data(), length);
}

std::string CredentialScope(const Scope& scope) {
  return fmt::format("{}/{}/{}/{}", AmzDate(scope.time).substr(0, kDateLength), scope.region,
                     scope.service, kTerminator);
}

std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request) {
  return fmt::format("{}\n{}\n{}\n{}", kAlgorithm, amz_date, credential_scope,
                     crypto::Sha256Hex(canonical_request));
}

std::string SigningKey(std::string_view secret_access_key, const Scope& scope) {
  const std::string date = AmzDate(scope.time).substr(0, kDateLength);
  std::string key = crypto::HmacSha256("AWS4" + std::string(secret_access_key), date);
  key = crypto::HmacSha256(key, scope.region);
  key = crypto::HmacSha256(key, scope.service);
  return crypto::HmacSha256(key, kTerminator);
}

std::string Signature(std::string_view signing_key, std::string_view string_to_sign) {
  return encoding::Hex(crypto::HmacSha256(signing_key, string_to_sign));
}

std::string AuthorizationHeader(std::string_view access_key_id, std::string_view credential_scope,
                                std::string_view signed_headers, std::string_view signature) {
  return fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kAlgorithm,
                     access_key_id, credential_scope, signed_headers, signature);
}

Stages SignRequestStaged(net::Request& request, const Credentials& credentials, const Scope& scope,
                         const Options& options) {
  RequireKeys(credentials);
  const net::Url url = net::ParseUrl(request.url);
  // A retry signs again: drop what an earlier signing added.
  RemoveHeader(request.headers, "Authorization");
  RemoveHeader(request.headers, kDateHeader);
  RemoveHeader(request.headers, kTokenHeader);
  request.headers.emplace_back(kDateHeader, AmzDate(scope.time));
  const bool has_token = !credentials.session_token.empty();
  if (has_token && options.sign_session_token)
    request.headers.emplace_back(kTokenHeader, credentials.session_token);

  std::string payload_hash;
  if (const auto* given = FindHeader(request.headers, kContentSha256Header)) {
    payload_hash = *given;
  } else {
    payload_hash =
        request.body.empty() ? std::string(kEmptyPayloadHash) : crypto::Sha256Hex(request.body);
    if (options.content_sha256_header)
      request.headers.emplace_back(kContentSha256Header, payload_hash);
  }

  Stages stages = Sign(request.method, url, url.query, request.headers, payload_hash, credentials,
                       scope, options);
  const auto signed_headers = CanonicalizeHeaders(WithHost(request.headers, url)).signed_headers;
  if (has_token && !options.sign_session_token)
    request.headers.emplace_back(kTokenHeader, credentials.session_token);
  request.headers.emplace_back(
      "Authorization", AuthorizationHeader(credentials.access_key_id, CredentialScope(scope),
                                           signed_headers, stages.signature));
  return stages;
}

Presigned PresignStaged(const net::Request& request, const Credentials& credentials,
                        const Scope& scope, std::chrono::seconds expires, const Options& options) {
  RequireKeys(credentials);
  net::Url url = net::ParseUrl(request.url);
  // botocore's and aws-c-auth's order, so an EKS token is byte-identical to `aws eks get-token`'s.
  const auto signed_headers = CanonicalizeHeaders(WithHost(request.headers, url)).signed_headers;
  encoding::Params auth = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", fmt::format("{}/{}", credentials.access_key_id, CredentialScope(scope))},
      {"X-Amz-Date", AmzDate(scope.time)},
      {"X-Amz-SignedHeaders", signed_headers},
      {"X-Amz-Expires", std::to_string(expires.count())},
  };
  const bool has_token = !credentials.session_token.empty();
  if (has_token && options.sign_session_token)
    auth.emplace_back(kTokenHeader, credentials.session_token);
  std::string query = url.query.empty() ? "" : url.query + "&";
  query += encoding::FormEncode(auth);

  const std::string payload_hash =
      request.body.empty() ? std::string(kEmptyPayloadHash) : crypto::Sha256Hex(request.body);
  Presigned out;
  out.stages =
      Sign(request.method, url, query, request.headers, payload_hash, credentials, scope, options);
  if (has_token && !options.sign_session_token) {
    // Two appends, not `"&" + ...`: GCC 12 at -O3 reports a bogus -Wrestrict for a one-character
    // literal concatenated into std::string (GCC bug 105329).
    query += '&';
    query += encoding::FormEncode({{std::string(kTokenHeader), credentials.session_token}});
  }
  url.query = query + "&X-Amz-Signature=" + out.stages.signature;
  url.has_query = true;
  out.url = url.ToString();
  return out;
}

void SignRequest(net::Request& request, const Credentials& credentials, const Scope& scope) {
  SignRequestStaged(request, credentials, scope, Options{});
}

std::string PresignUrl(const net::Request& request, const Credentials& credentials,
                       const Scope& scope, std::chrono::seconds expires) {
  return PresignStaged(request, credentials, scope, expires, Options{}).url;
}

}  // namespace ssomap::aws::sigv4
