#pragma once
/// Go-style durations as kubectl's `--request-timeout` takes them: "0", "30", "5s", "1m30s",
/// "250ms".

#include <chrono>
#include <string_view>

namespace ssomap {

/// Parses a duration; a bare number is seconds. Throws ssomap::Error naming the bad value.
std::chrono::milliseconds ParseDuration(std::string_view text);

}  // namespace ssomap
