#pragma once
/// Timestamps as the peers write them: RFC 3339 (exec plugins' `status.expirationTimestamp`,
/// strict), the lenient ISO 8601 of AWS caches and responses (as dateutil reads `expiresAt`,
/// `Expiration`), and the forms we write.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace ssomap::timestamp {

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (a space or lower-case 't'/'z' accepted too);
/// fractional seconds are dropped. nullopt when malformed.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

/// Parses `2026-01-01T00:00:00Z`, `2026-01-01T00:00:00UTC`, `...T00:00:00.123456Z`,
/// `...T00:00:00+00:00` / `-0500`, a space instead of `T`, seconds left out, and no zone (taken
/// as UTC). nullopt when the text is not such a timestamp.
std::optional<TimePoint> ParseLenient(std::string_view text);

/// `%Y-%m-%dT%H:%M:%SZ` in UTC: RFC 3339, and the AWS CLI's cache form.
std::string FormatRfc3339(TimePoint time);

/// `%Y-%m-%dT%H:%M:%SUTC`: botocore's JSONFileCache form of a datetime (assume-role caches).
std::string FormatUtcSuffix(TimePoint time);

/// A time from epoch milliseconds (the SSO portal's `expiration`).
TimePoint FromEpochMillis(long long millis);

}  // namespace ssomap::timestamp
