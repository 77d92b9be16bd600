#pragma once
/// The HTTP seam: use cases speak to AWS and the API server through this interface, so they can
/// be tested with a recording fake and run for real over libcurl (net/curl_transport.hpp).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace ssomap::net {

/// Header list in the order given; names compared case-insensitively by users of it.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// TLS settings for one endpoint. Verification is always on unless `insecure_skip_verify`,
/// which only a kubeconfig's own `insecure-skip-tls-verify: true` may set.
struct TlsOptions {
  std::string ca_file;          ///< PEM bundle file; empty = the system store
  std::string ca_pem;           ///< PEM bundle in memory (kubeconfig certificate-authority-data)
  std::string client_cert_pem;  ///< client certificate (PEM, in memory)
  std::string client_key_pem;   ///< client key (PEM, in memory); a secret, never logged
  std::string
      server_name;  ///< tls-server-name: SNI and name verified, when it differs from the URL host
  bool insecure_skip_verify = false;
};

/// Whether a transport may send a request again after a failure (HTTP status or connection).
enum class Resend {
  kAlways,  ///< reads and requests the server may see twice without harm
  /// Writes whose replay could do a second write's worth (a conditional PUT replayed after the
  /// server applied it meets a 409 on its own change): sent again only when the server is known
  /// not to have seen it — a connection that never opened, or 429 — and otherwise the failure goes
  /// to the caller, which finds out what happened (ops::WriteAwsAuth re-reads aws-auth).
  kOnlyIfUnseen,
};

struct Request {
  std::string method = "GET";
  std::string url;  ///< absolute https:// URL, already encoded
  Headers headers;
  std::string body;
  TlsOptions tls;
  std::string proxy;  ///< explicit proxy URL (kubeconfig proxy-url); empty = from the environment
  std::chrono::milliseconds timeout{0};  ///< whole request; 0 = the transport's default
  bool follow_redirects = false;         ///< never true for signed requests
  Resend resend = Resend::kAlways;
};

struct Response {
  long status = 0;
  Headers headers;  ///< names lower-cased
  std::string body;

  /// The first header named `name` (lower-case), or empty.
  std::string Header(std::string_view name) const;
};

/// Sends one request. Throws ssomap::Error for connection-level failures (refused, reset,
/// TLS verification, timeout); HTTP error statuses are returned, not thrown.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Response Send(const Request& request) = 0;
};

/// `kubectl-ssomap/<version>`: the User-Agent of every request we send (AWS and the API server).
std::string UserAgent();

}  // namespace ssomap::net
