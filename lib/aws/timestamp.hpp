#pragma once
/// The timestamps of AWS caches and responses: lenient ISO-8601 parsing (as dateutil reads
/// `expiresAt`, `Expiration`) and the CLI's own `%Y-%m-%dT%H:%M:%SZ` form.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace ssomap::aws {

/// Parses `2026-01-01T00:00:00Z`, `2026-01-01T00:00:00UTC`, `...T00:00:00.123456Z`,
/// `...T00:00:00+00:00` / `-0500`, a space instead of `T`, and no zone (taken as UTC).
/// nullopt when the text is not such a timestamp.
std::optional<TimePoint> ParseTimestamp(std::string_view text);

/// `%Y-%m-%dT%H:%M:%SZ` in UTC, as the AWS CLI writes its caches.
std::string FormatTimestamp(TimePoint time);

/// `%Y-%m-%dT%H:%M:%SUTC`: botocore's JSONFileCache form of a datetime (assume-role caches).
std::string FormatTimestampUtcSuffix(TimePoint time);

/// A time from epoch milliseconds (the SSO portal's `expiration`).
TimePoint FromEpochMillis(long long millis);

}  // namespace ssomap::aws
