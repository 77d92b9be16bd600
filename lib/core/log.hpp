#pragma once
/// The verbosity-levelled logger behind the global `-v N` flag. Lines go to stderr (or a sink set
/// by tests) and every line is passed through Redact first, so no secret is printed at any level.
///
/// Levels follow kubectl: 0 quiet, 6 requests and responses (method, URL, status, timing),
/// 8 their headers, 9 bodies (redacted).

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace ssomap::log {

/// -v 6: one line per HTTP request and response.
inline constexpr int kRequests = 6;
/// -v 8: request and response headers too.
inline constexpr int kHeaders = 8;
/// -v 9: request and response bodies too.
inline constexpr int kBodies = 9;

/// Sets the level (the global -v flag); negative values are 0.
void SetVerbosity(int level);
int Verbosity();
/// Whether a message at `level` would be written.
inline bool Enabled(int level) { return level <= Verbosity(); }

/// Where lines go; nullptr restores stderr. The sink must outlive its use (tests).
void SetSink(std::ostream* sink);

/// Writes `message` (redacted) as one line when `level` is enabled.
void Write(int level, std::string_view message);

/// fmt-style Write that formats only when `level` is enabled.
template <typename... Args>
void Logf(int level, fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(level)) Write(level, fmt::format(format, std::forward<Args>(args)...));
}

/// redact::Text (core/redact.hpp): the one redaction, shared with errors and doctor output.
std::string Redact(std::string_view text);

/// redact::Header (core/redact.hpp): secret headers replaced whole, others through Redact.
std::string RedactHeader(std::string_view name, std::string_view value);

/// Logs the headers at kHeaders, one line each, prefixed by `direction` (">" or "<").
void Headers(std::string_view direction,
             const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace ssomap::log
