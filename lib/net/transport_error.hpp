#pragma once
/// The connection-level failure a Transport throws. It is an ssomap::Error (callers catch that one
/// type); the kind only lets RetryingTransport tell a dropped connection from a TLS rejection.

#include <string>

#include "core/error.hpp"

namespace ssomap::net {

enum class FailureKind {
  kConnect,  ///< refused, reset, or closed before a full response: worth retrying
  kTimeout,  ///< the request or the connection attempt timed out: worth retrying
  kResolve,  ///< the host name does not resolve: a configuration problem, not retried
  kTls,      ///< TLS handshake or certificate verification failed: never retried
  kOther,    ///< anything else (bad URL, local errors): not retried
};

/// A failure to get any HTTP response. HTTP error statuses are responses, never this.
class TransportError : public Error {
 public:
  TransportError(FailureKind kind, const std::string& message, std::string hint = {})
      : Error(message, std::move(hint)), kind_(kind) {}
  FailureKind kind() const noexcept { return kind_; }
  /// Whether sending the same request again may succeed.
  bool retryable() const noexcept {
    return kind_ == FailureKind::kConnect || kind_ == FailureKind::kTimeout;
  }

 private:
  FailureKind kind_;
};

}  // namespace ssomap::net
