#pragma once
/// Small pure string helpers shared by the parsers.

#include <optional>
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
/// Python's `shlex.split(s)` (POSIX mode), as botocore splits `credential_process` and section
/// names: space, tab, CR and LF separate words; quotes group; a backslash escapes the next
/// character outside quotes, and `"` or `\` inside double quotes (elsewhere in double quotes it
/// stays). nullopt on an unclosed quote or a final backslash (shlex raises ValueError).
std::optional<std::vector<std::string>> ShellSplit(std::string_view s);
/// `s` quoted for a one-line message: control characters escaped, long text shortened.
std::string Quote(std::string_view s);

}  // namespace ssomap::text
