#pragma once
/// Small pure string helpers shared by the parsers.

#include <string>
#include <string_view>
#include <vector>

namespace ssomap::text {

/// `s` without leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view s);
/// ASCII lower-case copy.
std::string Lower(std::string_view s);
/// Case-insensitive ASCII equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
/// Split on every `sep`, keeping empty pieces.
std::vector<std::string_view> Split(std::string_view s, char sep);
/// Split into lines without their terminators ("\n" or "\r\n"); a final newline adds no empty line.
std::vector<std::string_view> Lines(std::string_view s);
/// Join with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
/// Levenshtein distance, for "did you mean".
std::size_t EditDistance(std::string_view a, std::string_view b);
/// `s` quoted for a one-line message: control characters escaped, long text shortened.
std::string Quote(std::string_view s);

}  // namespace ssomap::text
