#include "core/duration.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap {

std::chrono::milliseconds ParseDuration(std::string_view input) {
  auto s = text::Trim(input);
  auto bad = [&] {
    return Error(fmt::format("invalid duration {}", text::Quote(input)),
                 "use a number with a unit, such as 30s, 2m or 1m30s (0 means no timeout)");
  };
  if (s.empty()) throw bad();
  double total_ms = 0;
  bool bare = true;
  while (!s.empty()) {
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || value < 0) throw bad();
    s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
    std::size_t unit_len = 0;
    while (unit_len < s.size() &&
           ((s[unit_len] >= 'a' && s[unit_len] <= 'z') || s[unit_len] == 'u'))
      ++unit_len;
    auto unit = s.substr(0, unit_len);
    s.remove_prefix(unit_len);
    double scale = 0;
    if (unit.empty()) {
      if (!bare || !s.empty()) throw bad();
      scale = 1000;
    } else if (unit == "ms")
      scale = 1;
    else if (unit == "s")
      scale = 1000;
    else if (unit == "m")
      scale = 60'000;
    else if (unit == "h")
      scale = 3'600'000;
    else
      throw bad();
    bare = false;
    total_ms += value * scale;
  }
  // A day is far past any sensible request timeout; this also keeps the cast in range.
  if (total_ms > 86'400'000.0) throw bad();
  return std::chrono::milliseconds(static_cast<long long>(total_ms));
}

}  // namespace ssomap
