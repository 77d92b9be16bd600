#pragma once
/// The connection-level failure a Transport throws. It is an ssomap::Error (callers catch that one
/// type); the kind only lets RetryingTransport tell a dropped connection from a TLS rejection.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ssomap::net {

enum class FailureKind {
  kConnect,  ///< no connection (refused, reset during the TLS handshake): nothing was sent
  kDropped,  ///< reset or closed after the request may have been sent: worth retrying a read; a
             ///< write may have been applied
  kTimeout,  ///< the request or the connection attempt timed out: worth retrying a read; a write
             ///< may have been applied
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
    return kind_ == FailureKind::kConnect || kind_ == FailureKind::kDropped ||
           kind_ == FailureKind::kTimeout;
  }
  /// Whether the server may have received (and acted on) the request: a write's outcome is then
  /// unknown until the object is read again.
  bool may_have_arrived() const noexcept {
    return kind_ == FailureKind::kDropped || kind_ == FailureKind::kTimeout;
  }
  /// The same failure (same kind) with "context: " in front of the message.
  [[nodiscard]] TransportError WithContext(std::string_view context) const {
    return TransportError(kind_, std::string(context) + ": " + what(), hint());
  }
  /// The same failure with a hint, unless it already has one.
  [[nodiscard]] TransportError WithHint(std::string hint) const {
    return TransportError(kind_, what(), this->hint().empty() ? std::move(hint) : this->hint());
  }

 private:
  FailureKind kind_;
};

}  // namespace ssomap::net
