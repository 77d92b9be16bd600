#pragma once
/// RFC 3339 timestamps as exec plugins write `status.expirationTimestamp`.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace ssomap::kube {

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (a space or lower-case 't'/'z' accepted too);
/// nullopt when malformed.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

/// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
std::string FormatRfc3339(TimePoint time);

}  // namespace ssomap::kube
