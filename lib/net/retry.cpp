#include "net/retry.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "core/log.hpp"
#include "core/text.hpp"
#include "net/transport_error.hpp"
#include "net/url.hpp"

namespace ssomap::net {
namespace {

constexpr long kTooManyRequests = 429;
constexpr long kBadRequest = 400;
/// Retry-worthy 5xx: internal error, bad gateway, unavailable, gateway timeout (not 501/505).
constexpr std::array<long, 4> kRetryable5xx = {500, 502, 503, 504};
/// AWS error codes that mean "slow down" even when the status is 400.
constexpr std::array<std::string_view, 4> kThrottlingCodes = {
    "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"};
/// Log level of "retrying ..." lines: above warnings, below request tracing.
constexpr int kRetryLogLevel = 4;

bool HasThrottlingCode(std::string_view body) {
  for (auto code : kThrottlingCodes) {
    if (body.find(fmt::format("<Code>{}</Code>", code)) != std::string_view::npos) return true;
    if (body.find(fmt::format("\"{}\"", code)) != std::string_view::npos) return true;
  }
  return false;
}

std::string HostOf(const std::string& url) {
  try {
    return ParseUrl(url).HostHeader();
  } catch (const Error&) {
    return url;
  }
}

TransportError GaveUp(const Request& request, int tries, const deadline::Deadline& limit,
                      const std::string& last_failure) {
  const auto host = HostOf(request.url);
  return TransportError(
      FailureKind::kTimeout,
      fmt::format("gave up on {} after {} and {} {}{}: the command's time limit is {} "
                  "(--request-timeout; {} when not given)",
                  host, deadline::Describe(limit.Elapsed()), tries, tries == 1 ? "try" : "tries",
                  last_failure.empty() ? std::string() : fmt::format(" (last: {})", last_failure),
                  deadline::Describe(limit.budget()),
                  deadline::Describe(deadline::kDefaultCommandTimeout)),
      fmt::format("raise --request-timeout (e.g. --request-timeout {}), or check that {} is "
                  "reachable from here",
                  deadline::Describe(limit.budget() * 2), host));
}

}  // namespace

std::chrono::milliseconds FullJitter(int retry, std::chrono::milliseconds base_delay,
                                     std::chrono::milliseconds max_delay, double random) {
  // Doubling stops at the cap; the shift is bounded so it cannot overflow.
  const auto ceiling =
      std::min(max_delay, base_delay * (std::int64_t{1} << std::clamp(retry - 1, 0, 20)));
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(random * static_cast<double>(ceiling.count())));
}

bool IsRetryableResponse(const Response& response) {
  if (response.status == kTooManyRequests) return true;
  if (std::find(kRetryable5xx.begin(), kRetryable5xx.end(), response.status) != kRetryable5xx.end())
    return true;
  return response.status == kBadRequest && HasThrottlingCode(response.body);
}

std::optional<std::chrono::milliseconds> RetryAfter(const Response& response) {
  const std::string value(text::Trim(response.Header("retry-after")));
  long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || seconds < 0)
    return std::nullopt;
  return std::chrono::seconds(seconds);
}

RetryingTransport::RetryingTransport(Transport& inner, RetryPolicy policy, Sleeper sleeper,
                                     RandomSource random)
    : inner_(inner), policy_(policy), sleeper_(std::move(sleeper)), random_(std::move(random)) {}

std::chrono::milliseconds RetryingTransport::Backoff(int retry) const {
  return FullJitter(retry, policy_.base_delay, policy_.max_delay, random_());
}

const deadline::Deadline& RetryingTransport::Deadline() const {
  return policy_.deadline != nullptr ? *policy_.deadline : deadline::Command();
}

Response RetryingTransport::Send(const Request& request) {
  const deadline::Deadline& limit = Deadline();
  std::chrono::milliseconds waited{0};
  std::string last_failure;
  // A write the server may have applied is not sent again here: its caller finds out what
  // happened (Resend::kOnlyIfUnseen). 429 says the server did not act on it.
  const bool only_if_unseen = request.resend == Resend::kOnlyIfUnseen;
  for (int attempt = 1;; ++attempt) {
    if (limit.Spent()) throw GaveUp(request, attempt - 1, limit, last_failure);
    std::chrono::milliseconds delay{0};
    std::string reason;
    try {
      Response response = inner_.Send(request);
      if (!IsRetryableResponse(response) || attempt >= policy_.max_attempts) return response;
      if (only_if_unseen && response.status != kTooManyRequests) return response;
      const auto retry_after = RetryAfter(response);
      delay = retry_after ? std::min(*retry_after, policy_.max_retry_after) : Backoff(attempt);
      // A retry the deadline cannot hold would only turn this answer into a timeout.
      if (waited + delay > policy_.max_total_wait || delay >= limit.Remaining()) return response;
      reason = fmt::format("HTTP {}", response.status);
    } catch (const TransportError& e) {
      if (!e.retryable() || (only_if_unseen && e.may_have_arrived())) throw;
      last_failure = e.what();
      if (limit.Spent()) throw GaveUp(request, attempt, limit, last_failure);
      if (attempt >= policy_.max_attempts) throw;
      delay = Backoff(attempt);
      if (waited + delay > policy_.max_total_wait) throw;
      if (delay >= limit.Remaining()) throw GaveUp(request, attempt, limit, last_failure);
      reason = e.what();
    }
    log::Logf(kRetryLogLevel, "retrying {} {} in {} ms (try {} of {}) after {}", request.method,
              HostOf(request.url), delay.count(), attempt + 1, policy_.max_attempts, reason);
    sleeper_(delay);
    waited += delay;
  }
}

}  // namespace ssomap::net
