#include "net/curl_transport.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

#include "core/deadline.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "net/curl_errors.hpp"
#include "net/transport_error.hpp"
#include "net/url.hpp"

namespace ssomap::net {
namespace {

/// Redirects are only followed when a request asks, and never in a loop.
constexpr long kMaxRedirects = 5;
/// Nothing we talk to sends more; a larger body means a wrong endpoint, not data to keep.
constexpr std::size_t kMaxBodyBytes = std::size_t{64} << 20;
/// Only these schemes, including after a redirect (no file://, no gopher://).
constexpr const char* kProtocols = "http,https";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw Error("libcurl could not be initialised");
  });
}

template <typename T>
void Set(CURL* easy, CURLoption option, T value, const char* name) {
  const CURLcode rc = curl_easy_setopt(easy, option, value);
  if (rc != CURLE_OK) {
    throw TransportError(FailureKind::kOther,
                         fmt::format("libcurl rejected {}: {}", name, curl_easy_strerror(rc)));
  }
}
#define SSOMAP_SET(easy, option, value) Set(easy, option, value, #option)

struct Collected {
  std::string body;
  Headers headers;
  bool too_large = false;
  std::size_t expected_bytes = 0;  ///< Content-Length of the current response, a hint only
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<Collected*>(user);
  const std::size_t bytes = size * count;
  if (out->body.size() + bytes > kMaxBodyBytes) {
    out->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  if (out->body.empty() && out->expected_bytes > bytes && out->expected_bytes <= kMaxBodyBytes) {
    out->body.reserve(out->expected_bytes);  // one allocation for a large body, not a dozen
  }
  out->body.append(data, bytes);
  return bytes;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<Collected*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line = text::Trim(std::string_view(data, bytes));
  if (line.starts_with("HTTP/")) {
    out->headers.clear();  // a new response (after 100 Continue or a redirect) starts over
    out->expected_bytes = 0;
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    out->headers.emplace_back(text::Lower(text::Trim(line.substr(0, colon))),
                              std::string(text::Trim(line.substr(colon + 1))));
    if (out->headers.back().first == "content-length") {
      const auto& value = out->headers.back().second;
      std::from_chars(value.data(), value.data() + value.size(), out->expected_bytes);
    }
  }
  return bytes;
}

bool HasHeader(const Headers& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (text::EqualsIgnoreCase(header.first, name)) return true;
  }
  return false;
}

/// Whether NO_PROXY/no_proxy exempts `host` (curl's rules without CIDR: "*", exact, or a domain
/// suffix). Needed for tls-server-name, where curl only sees the rewritten host.
bool ExemptFromProxy(std::string_view host) {
  const char* value = std::getenv("no_proxy");
  if (value == nullptr || *value == '\0') value = std::getenv("NO_PROXY");
  if (value == nullptr) return false;
  const std::string lower_host = text::Lower(host);
  for (auto entry : text::Split(value, ',')) {
    std::string pattern = text::Lower(text::Trim(entry));
    if (pattern == "*") return true;
    if (!pattern.empty() && pattern.front() == '.') pattern.erase(0, 1);
    if (pattern.empty()) continue;
    if (lower_host == pattern) return true;
    if (lower_host.size() > pattern.size() && lower_host.ends_with("." + pattern)) return true;
  }
  return false;
}

curl_blob Blob(const std::string& pem) {
  return curl_blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
}

void ApplyTls(CURL* easy, const TlsOptions& tls) {
  if (tls.insecure_skip_verify) {
    SSOMAP_SET(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    SSOMAP_SET(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  } else {
    SSOMAP_SET(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    SSOMAP_SET(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  }
  // A given CA replaces the system store, as kubectl and the AWS CLI do.
  if (!tls.ca_pem.empty()) {
    curl_blob blob = Blob(tls.ca_pem);
    SSOMAP_SET(easy, CURLOPT_CAINFO_BLOB, &blob);
    SSOMAP_SET(easy, CURLOPT_CAPATH, static_cast<char*>(nullptr));
  } else if (!tls.ca_file.empty()) {
    SSOMAP_SET(easy, CURLOPT_CAINFO, tls.ca_file.c_str());
    SSOMAP_SET(easy, CURLOPT_CAPATH, static_cast<char*>(nullptr));
  }
  if (!tls.client_cert_pem.empty()) {
    curl_blob cert = Blob(tls.client_cert_pem);
    SSOMAP_SET(easy, CURLOPT_SSLCERT_BLOB, &cert);
    SSOMAP_SET(easy, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!tls.client_key_pem.empty()) {
    curl_blob key = Blob(tls.client_key_pem);
    SSOMAP_SET(easy, CURLOPT_SSLKEY_BLOB, &key);
    SSOMAP_SET(easy, CURLOPT_SSLKEYTYPE, "PEM");
  }
}

}  // namespace

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {
  GlobalInit();
  easy_.reset(curl_easy_init());
  if (!easy_) throw Error("libcurl could not create a handle");
  if (options_.user_agent.empty()) options_.user_agent = UserAgent();
}

Response CurlTransport::Send(const Request& request) {
  CURL* easy = easy_.get();
  curl_easy_reset(easy);  // options only: the connection cache survives
  Url url = ParseUrl(request.url);
  const std::string host = url.HostHeader();
  Headers headers = request.headers;

  // tls-server-name: connect to the URL's address, but handshake and verify as server_name.
  CurlSlist connect_to;
  if (!request.tls.server_name.empty() &&
      !text::EqualsIgnoreCase(request.tls.server_name, url.host)) {
    const int port = url.port.value_or(url.scheme == "http" ? 80 : 443);
    connect_to.Append(fmt::format("{}:{}:{}:{}", request.tls.server_name, port, url.host, port));
    if (!HasHeader(headers, "host")) headers.emplace_back("Host", host);
    // curl decides on the proxy by the rewritten host; decide by the address we really connect to.
    if (request.proxy.empty() && ExemptFromProxy(url.host)) SSOMAP_SET(easy, CURLOPT_NOPROXY, "*");
    url.host = request.tls.server_name;
    SSOMAP_SET(easy, CURLOPT_CONNECT_TO, connect_to.get());
  }
  const std::string effective_url = url.ToString();

  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  Collected collected;
  SSOMAP_SET(easy, CURLOPT_URL, effective_url.c_str());
  SSOMAP_SET(easy, CURLOPT_PROTOCOLS_STR, kProtocols);
  SSOMAP_SET(easy, CURLOPT_NOSIGNAL, 1L);
  SSOMAP_SET(easy, CURLOPT_ERRORBUFFER, error_buffer.data());
  SSOMAP_SET(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  SSOMAP_SET(easy, CURLOPT_ACCEPT_ENCODING, "");
  SSOMAP_SET(easy, CURLOPT_WRITEFUNCTION, &OnBody);
  SSOMAP_SET(easy, CURLOPT_WRITEDATA, static_cast<void*>(&collected));
  SSOMAP_SET(easy, CURLOPT_HEADERFUNCTION, &OnHeader);
  SSOMAP_SET(easy, CURLOPT_HEADERDATA, static_cast<void*>(&collected));

  if (request.method == "GET") {
    SSOMAP_SET(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    SSOMAP_SET(easy, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method != "POST") SSOMAP_SET(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST" || !request.body.empty()) {
      SSOMAP_SET(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      SSOMAP_SET(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
  }

  CurlSlist header_list;
  for (const auto& [name, value] : headers)
    header_list.Append(value.empty() ? name + ";" : name + ": " + value);
  header_list.Append("Expect:");  // no 100-continue round trip
  if (!HasHeader(headers, "content-type"))
    header_list.Append("Content-Type:");  // send only what was signed
  SSOMAP_SET(easy, CURLOPT_HTTPHEADER, header_list.get());

  ApplyTls(easy, request.tls);
  if (!request.proxy.empty()) SSOMAP_SET(easy, CURLOPT_PROXY, request.proxy.c_str());
  // The command's deadline bounds every request (all tries together, see net/retry.hpp); the
  // connect timeout follows it.
  const auto timeout = deadline::Command().Clamp(
      request.timeout.count() > 0 ? request.timeout : options_.default_timeout);
  SSOMAP_SET(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  SSOMAP_SET(easy, CURLOPT_CONNECTTIMEOUT_MS,
             static_cast<long>(std::min(timeout, options_.connect_timeout).count()));
  // libcurl sends a request again, by itself, when a reused connection dies before any answer
  // ("Connection died, retrying a fresh connect"): a write the server applied would be replayed.
  // A write that must not be replayed goes on a new connection, which libcurl never retries.
  SSOMAP_SET(easy, CURLOPT_FRESH_CONNECT, request.resend == Resend::kOnlyIfUnseen ? 1L : 0L);
  if (request.follow_redirects) {
    SSOMAP_SET(easy, CURLOPT_FOLLOWLOCATION, 1L);
    SSOMAP_SET(easy, CURLOPT_MAXREDIRS, kMaxRedirects);
    SSOMAP_SET(easy, CURLOPT_REDIR_PROTOCOLS_STR, kProtocols);
  }

  log::Logf(log::kRequests, "{} {}", request.method, request.url);
  log::Headers(">", headers);
  if (!request.body.empty()) log::Logf(log::kBodies, "> {}", request.body);
  const auto started = std::chrono::steady_clock::now();
  const CURLcode rc = curl_easy_perform(easy);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  if (rc != CURLE_OK) {
    if (collected.too_large) {
      throw TransportError(
          FailureKind::kOther,
          fmt::format("response from {} is larger than {} MiB", host, kMaxBodyBytes >> 20));
    }
    log::Logf(log::kRequests, "{} {} failed after {} ms: {}", request.method, request.url,
              elapsed.count(), curl_easy_strerror(rc));
    ThrowCurlError(rc, host, error_buffer.data(), timeout, request.tls);
  }
  Response response;
  if (curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status) != CURLE_OK) {
    throw TransportError(FailureKind::kOther,
                         fmt::format("request to {} gave no HTTP status", host));
  }
  response.headers = std::move(collected.headers);
  response.body = std::move(collected.body);
  log::Logf(log::kRequests, "{} {} {} in {} ms", request.method, request.url, response.status,
            elapsed.count());
  log::Headers("<", response.headers);
  if (!response.body.empty()) log::Logf(log::kBodies, "< {}", response.body);
  return response;
}

}  // namespace ssomap::net

#undef SSOMAP_SET
