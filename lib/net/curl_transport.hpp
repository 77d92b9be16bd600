#pragma once
/// net::Transport over libcurl: TLS always verified (unless a kubeconfig says
/// insecure-skip-tls-verify), proxies explicit or from the environment, redirects only on request.

#include <chrono>
#include <string>

#include "net/curl_handles.hpp"
#include "net/transport.hpp"

namespace ssomap::net {

/// Transport-wide settings; per-request ones live in Request.
struct CurlOptions {
  /// Whole-request limit when Request::timeout is 0. kubectl's default is "no limit", but a hung
  /// AWS call should fail rather than hang a terminal, so we bound it.
  std::chrono::milliseconds default_timeout{std::chrono::seconds(60)};
  /// Limit for establishing a connection (TCP + TLS), within the whole-request limit.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::string user_agent;  ///< empty = UserAgent()
};

/// One easy handle reused across requests, so connections and TLS sessions are kept alive.
/// Not thread-safe: use one per thread.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlOptions options = {});

  /// Sends `request`. Throws net::TransportError (an ssomap::Error) naming the host and the cause
  /// for connection failures, timeouts and TLS errors; HTTP statuses are returned.
  Response Send(const Request& request) override;

 private:
  CurlOptions options_;
  CurlEasy easy_;
};

}  // namespace ssomap::net
