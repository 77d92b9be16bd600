#include <doctest/doctest.h>

#include <string>

#include "aws/timestamp.hpp"

using namespace ssomap;
using namespace ssomap::aws;

TEST_CASE("ParseTimestamp: lenient like dateutil") {
  // 2026-01-01T00:00:00Z
  constexpr long long kBase = 1767225600;
  struct Case {
    std::string text;
    long long micros_since_epoch;
  };
  const Case cases[] = {
      {"2026-01-01T00:00:00Z", kBase * 1000000},
      {"2026-01-01T00:00:00UTC", kBase * 1000000},
      {"2026-01-01T00:00:00+00:00", kBase * 1000000},
      {"2026-01-01T00:00:00", kBase * 1000000},
      {"2026-01-01 00:00:00Z", kBase * 1000000},
      {"2026-01-01T00:00:00.5Z", kBase * 1000000 + 500000},
      {"2026-01-01T00:00:00.123456789Z", kBase * 1000000 + 123456},
      {"2026-01-01T01:00:00+01:00", kBase * 1000000},
      {"2025-12-31T19:00:00-0500", kBase * 1000000},
      {"2025-12-31T19:00:00-05", kBase * 1000000},
      {"2026-01-01T00:00Z", kBase * 1000000},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto t = ParseTimestamp(c.text);
    REQUIRE(t.has_value());
    CHECK(std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count() ==
          c.micros_since_epoch);
  }
  for (const char* bad :
       {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01",
        "2026-01-01T00:00:00+0x:00", "2026-01-01T00:00:00 PST", "1767225600"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseTimestamp(bad).has_value());
  }
}

TEST_CASE("FormatTimestamp: the CLI's cache forms, round trip") {
  auto t = FromEpochMillis(1767225600123);
  CHECK(FormatTimestamp(t) == "2026-01-01T00:00:00Z");
  CHECK(FormatTimestampUtcSuffix(t) == "2026-01-01T00:00:00UTC");
  CHECK(ParseTimestamp(FormatTimestamp(t)) == FromEpochMillis(1767225600000));
}

// Found by fuzz_sso_cache: an SSO cache `expiresAt` in the year 4077 overflowed the nanosecond
// time point (undefined behaviour); times outside its range saturate.
TEST_CASE("ParseTimestamp: a time beyond the time point's range saturates") {
  CHECK(ParseTimestamp("4077-11-30T18:00:00Z") == TimePoint::max());
  CHECK(ParseTimestamp("1013-01-01T00:00:00Z") == TimePoint::min());
  CHECK(ParseTimestamp("2262-01-01T00:00:00Z") < TimePoint::max());
  CHECK(FormatTimestamp(TimePoint::max()).substr(0, 4) == "2262");
  CHECK(FormatTimestamp(TimePoint::min()).substr(0, 4) == "1677");
}
