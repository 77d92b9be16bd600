#include "core/timestamp.hpp"

#include <chrono>

#include <fmt/format.h>

namespace ssomap::timestamp {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos` and moves past them.
std::optional<int> Digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!IsDigit(c)) return std::nullopt;
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

// `YYYY-MM-DD` and the separator before the time (T, t or a space).
std::optional<std::chrono::year_month_day> Date(std::string_view s, std::size_t& pos) {
  auto y = Digits(s, pos, 4);
  if (!y || !Expect(s, pos, '-')) return std::nullopt;
  auto mo = Digits(s, pos, 2);
  if (!mo || !Expect(s, pos, '-')) return std::nullopt;
  auto d = Digits(s, pos, 2);
  if (!d || !(Expect(s, pos, 'T') || Expect(s, pos, 't') || Expect(s, pos, ' ')))
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*y),
                                         std::chrono::month(static_cast<unsigned>(*mo)),
                                         std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return date;
}

// `YYYY-MM-DD`, its separator and `HH:MM`: how both forms start.
struct DateAndMinute {
  std::chrono::year_month_day date;
  int hour = 0;
  int minute = 0;
  std::chrono::sys_time<minutes> Time() const {
    return std::chrono::sys_days(date) + hours(hour) + minutes(minute);
  }
};

std::optional<DateAndMinute> DateHourMinute(std::string_view s, std::size_t& pos) {
  const auto date = Date(s, pos);
  if (!date) return std::nullopt;
  auto h = Digits(s, pos, 2);
  if (!h || !Expect(s, pos, ':')) return std::nullopt;
  auto mi = Digits(s, pos, 2);
  if (!mi || *h > 23 || *mi > 59) return std::nullopt;
  return DateAndMinute{*date, *h, *mi};
}

// The lenient zone suffix: Z, UTC, GMT, +HH:MM, +HHMM, +HH, or nothing.
std::optional<minutes> LenientZone(std::string_view rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT")
    return minutes(0);
  if (rest.front() != '+' && rest.front() != '-') return std::nullopt;
  const int sign = rest.front() == '-' ? -1 : 1;
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

// TimePoint counts nanoseconds (years 1678..2262): a time beyond that range saturates instead
// of overflowing in the cast (fuzz_sso_cache: an expiresAt in the year 4077).
template <class Duration>
TimePoint Saturate(std::chrono::sys_time<Duration> t) {
  if (t >= std::chrono::time_point_cast<Duration>(TimePoint::max())) return TimePoint::max();
  if (t <= std::chrono::time_point_cast<Duration>(TimePoint::min())) return TimePoint::min();
  return std::chrono::time_point_cast<TimePoint::duration>(t);
}

std::string Format(TimePoint time, std::string_view suffix) {
  // In seconds: day arithmetic in the time point's nanoseconds overflows near its range's ends.
  const auto whole = std::chrono::floor<seconds>(time);
  const auto day = std::chrono::floor<days>(whole);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(whole - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(), suffix);
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view s) {
  std::size_t pos = 0;
  const auto head = DateHourMinute(s, pos);
  if (!head || !Expect(s, pos, ':')) return std::nullopt;
  auto sec = Digits(s, pos, 2);
  if (!sec || *sec > 60) return std::nullopt;
  if (Expect(s, pos, '.')) {
    const auto start = pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    if (pos == start) return std::nullopt;
  }
  seconds offset{0};
  if (Expect(s, pos, 'Z') || Expect(s, pos, 'z')) {
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const bool negative = s[pos] == '-';
    ++pos;
    auto oh = Digits(s, pos, 2);
    if (!oh || !Expect(s, pos, ':')) return std::nullopt;
    auto om = Digits(s, pos, 2);
    if (!om) return std::nullopt;
    offset = hours{*oh} + minutes{*om};
    if (negative) offset = -offset;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return Saturate(head->Time() + seconds{*sec} - offset);
}

std::optional<TimePoint> ParseLenient(std::string_view s) {
  std::size_t pos = 0;
  const auto head = DateHourMinute(s, pos);
  if (!head) return std::nullopt;
  int sec = 0;
  if (Expect(s, pos, ':')) {
    auto ss = Digits(s, pos, 2);
    if (!ss) return std::nullopt;
    sec = *ss;
  }
  std::chrono::microseconds fraction(0);
  if (Expect(s, pos, '.') || Expect(s, pos, ',')) {
    long long scale = 100000;
    const std::size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) {
      fraction += std::chrono::microseconds((s[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  const auto zone = LenientZone(s.substr(pos));
  if (!zone || sec > 60) return std::nullopt;
  return Saturate(head->Time() + seconds(sec) + fraction - *zone);
}

std::string FormatRfc3339(TimePoint time) { return Format(time, "Z"); }

std::string FormatUtcSuffix(TimePoint time) { return Format(time, "UTC"); }

TimePoint FromEpochMillis(long long millis) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(millis)));
}

}  // namespace ssomap::timestamp
