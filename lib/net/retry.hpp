#pragma once
/// RetryingTransport: a Transport decorator that retries throttling (429, honouring Retry-After),
/// server errors (500/502/503/504) and dropped connections, with full-jitter exponential backoff
/// and bounds on attempts and total waiting. TLS and resolution failures are never retried. A
/// request marked Resend::kOnlyIfUnseen (a write) is retried only when the server cannot have
/// acted on it: no connection, or 429.
/// All tries draw on one deadline (the command's, from --request-timeout): no retry starts that
/// the deadline cannot hold, and running out of it says how long was waited and what would help.

#include <chrono>
#include <functional>
#include <optional>

#include "core/clock.hpp"
#include "core/deadline.hpp"
#include "net/transport.hpp"

namespace ssomap::net {

struct RetryPolicy {
  /// Tries in all, the first included. The AWS CLI's "standard" mode also makes 3 retries.
  int max_attempts = 4;
  /// Backoff before retry n is uniform in [0, min(max_delay, base_delay * 2^(n-1))] ("full
  /// jitter").
  std::chrono::milliseconds base_delay{std::chrono::milliseconds(200)};
  std::chrono::milliseconds max_delay{std::chrono::seconds(5)};
  /// A server's Retry-After is honoured up to this; longer waits are capped to it.
  std::chrono::milliseconds max_retry_after{std::chrono::seconds(10)};
  /// Total time spent waiting between tries; a wait that would exceed it ends the retries.
  std::chrono::milliseconds max_total_wait{std::chrono::seconds(20)};
  /// The time all tries share; nullptr = deadline::Command() (the whole command's).
  const deadline::Deadline* deadline = nullptr;
};

/// The full-jitter backoff before retry `retry` (1 = the first): uniform in
/// [0, min(max_delay, base_delay * 2^(retry-1))], drawn with `random` in [0, 1) ("Exponential
/// Backoff And Jitter", AWS Architecture Blog; the AWS SDKs' standard retry mode).
std::chrono::milliseconds FullJitter(int retry, std::chrono::milliseconds base_delay,
                                     std::chrono::milliseconds max_delay, double random);

/// Whether `response` asks to be retried: 429, 500, 502, 503, 504, or a 400 whose AWS error code
/// is a throttling one (STS answers `Throttling` with 400).
bool IsRetryableResponse(const Response& response);

/// The Retry-After header in whole seconds (the HTTP-date form is ignored), if any.
std::optional<std::chrono::milliseconds> RetryAfter(const Response& response);

class RetryingTransport final : public Transport {
 public:
  explicit RetryingTransport(Transport& inner, RetryPolicy policy = {},
                             Sleeper sleeper = RealSleeper(), RandomSource random = RealRandom());

  /// Sends through the inner transport, retrying as the policy allows. Returns the last response
  /// (possibly an error status) or rethrows the last connection error. When the deadline runs
  /// out, throws a TransportError (kTimeout) "gave up on HOST after T and N tries (...)" with a
  /// hint to raise --request-timeout.
  Response Send(const Request& request) override;

 private:
  std::chrono::milliseconds Backoff(int retry) const;
  const deadline::Deadline& Deadline() const;

  Transport& inner_;
  RetryPolicy policy_;
  Sleeper sleeper_;
  RandomSource random_;
};

}  // namespace ssomap::net
