#include "aws/timestamp.hpp"

#include <fmt/format.h>

#include <cctype>
#include <chrono>

namespace ssomap::aws {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `n` digits at `pos`.
std::optional<int> Digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool Expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// The zone suffix: Z, UTC, GMT, +HH:MM, +HHMM, +HH, or nothing; nullopt when malformed.
std::optional<minutes> Zone(std::string_view rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT")
    return minutes(0);
  if (rest.front() != '+' && rest.front() != '-') return std::nullopt;
  int sign = rest.front() == '-' ? -1 : 1;
  std::size_t pos = 1;
  auto h = Digits(rest, pos, 2);
  if (!h) return std::nullopt;
  int m = 0;
  if (pos < rest.size()) {
    Expect(rest, pos, ':');
    auto mm = Digits(rest, pos, 2);
    if (!mm || pos != rest.size()) return std::nullopt;
    m = *mm;
  }
  return minutes(sign * (*h * 60 + m));
}

std::string Format(TimePoint time, std::string_view suffix) {
  // In seconds: day arithmetic in the time point's nanoseconds overflows near its range's ends.
  const auto whole = std::chrono::floor<seconds>(time);
  const auto day = std::chrono::floor<days>(whole);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(whole - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(), suffix);
}

}  // namespace

std::optional<TimePoint> ParseTimestamp(std::string_view s) {
  std::size_t pos = 0;
  auto y = Digits(s, pos, 4);
  if (!y || !Expect(s, pos, '-')) return std::nullopt;
  auto mo = Digits(s, pos, 2);
  if (!mo || !Expect(s, pos, '-')) return std::nullopt;
  auto d = Digits(s, pos, 2);
  if (!d || !(Expect(s, pos, 'T') || Expect(s, pos, 't') || Expect(s, pos, ' ')))
    return std::nullopt;
  auto h = Digits(s, pos, 2);
  if (!h || !Expect(s, pos, ':')) return std::nullopt;
  auto mi = Digits(s, pos, 2);
  if (!mi) return std::nullopt;
  int sec = 0;
  if (Expect(s, pos, ':')) {
    auto ss = Digits(s, pos, 2);
    if (!ss) return std::nullopt;
    sec = *ss;
  }
  std::chrono::microseconds fraction(0);
  if (Expect(s, pos, '.') || Expect(s, pos, ',')) {
    long long scale = 100000;
    std::size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) != 0) {
      fraction += std::chrono::microseconds((s[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  auto zone = Zone(s.substr(pos));
  std::chrono::year_month_day ymd{std::chrono::year(*y),
                                  std::chrono::month(static_cast<unsigned>(*mo)),
                                  std::chrono::day(static_cast<unsigned>(*d))};
  if (!zone || !ymd.ok() || *h > 23 || *mi > 59 || sec > 60) return std::nullopt;
  auto t = std::chrono::sys_days(ymd) + hours(*h) + minutes(*mi) + seconds(sec) + fraction - *zone;
  // TimePoint counts nanoseconds (years 1678..2262): a time beyond that range saturates instead
  // of overflowing in the cast (fuzz_sso_cache: an expiresAt in the year 4077).
  if (t >= std::chrono::time_point_cast<decltype(fraction)>(TimePoint::max()))
    return TimePoint::max();
  if (t <= std::chrono::time_point_cast<decltype(fraction)>(TimePoint::min()))
    return TimePoint::min();
  return std::chrono::time_point_cast<TimePoint::duration>(t);
}

std::string FormatTimestamp(TimePoint time) { return Format(time, "Z"); }

std::string FormatTimestampUtcSuffix(TimePoint time) { return Format(time, "UTC"); }

TimePoint FromEpochMillis(long long millis) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(millis)));
}

}  // namespace ssomap::aws
