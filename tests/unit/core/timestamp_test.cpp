#include <doctest/doctest.h>

#include <string>

#include "core/timestamp.hpp"

using namespace ssomap;

TEST_CASE("ParseLenient: lenient like dateutil") {
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
    auto t = timestamp::ParseLenient(c.text);
    REQUIRE(t.has_value());
    CHECK(std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count() ==
          c.micros_since_epoch);
  }
  for (const char* bad :
       {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01",
        "2026-01-01T00:00:00+0x:00", "2026-01-01T00:00:00 PST", "1767225600"}) {
    CAPTURE(bad);
    CHECK_FALSE(timestamp::ParseLenient(bad).has_value());
  }
}

TEST_CASE("FormatRfc3339 and FormatUtcSuffix: the CLI's cache forms, round trip") {
  auto t = timestamp::FromEpochMillis(1767225600123);
  CHECK(timestamp::FormatRfc3339(t) == "2026-01-01T00:00:00Z");
  CHECK(timestamp::FormatUtcSuffix(t) == "2026-01-01T00:00:00UTC");
  CHECK(timestamp::ParseLenient(timestamp::FormatRfc3339(t)) ==
        timestamp::FromEpochMillis(1767225600000));
}

TEST_CASE("ParseRfc3339: strict, as exec plugins' expirationTimestamp is read") {
  const auto base = *timestamp::ParseRfc3339("2026-01-01T00:00:00Z");
  CHECK(timestamp::FormatRfc3339(base) == "2026-01-01T00:00:00Z");
  CHECK(timestamp::ParseRfc3339("2026-01-01t00:00:00z") == base);
  CHECK(timestamp::ParseRfc3339("2026-01-01 00:00:00Z") == base);
  CHECK(timestamp::ParseRfc3339("2026-01-01T00:00:00.999Z") == base);  // fraction dropped
  CHECK(timestamp::ParseRfc3339("2026-01-01T02:00:00+02:00") == base);
  CHECK(timestamp::ParseRfc3339("2025-12-31T19:00:00-05:00") == base);
  for (const char* bad : {"2026-01-01T00:00:00", "2026-01-01T00:00Z", "2026-01-01T00:00:00+0200",
                          "2026-01-01T00:00:00UTC", "2026-01-01T00:00:00.Z", "2026-02-30T00:00:00Z",
                          "2026-01-01T24:00:00Z", "2026-01-01T00:00:00Zx", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(timestamp::ParseRfc3339(bad).has_value());
  }
}

// Found by fuzz_sso_cache: an SSO cache `expiresAt` in the year 4077 overflowed the nanosecond
// time point (undefined behaviour); times outside its range saturate.
TEST_CASE("ParseLenient: a time beyond the time point's range saturates") {
  CHECK(timestamp::ParseLenient("4077-11-30T18:00:00Z") == TimePoint::max());
  CHECK(timestamp::ParseLenient("1013-01-01T00:00:00Z") == TimePoint::min());
  CHECK(timestamp::ParseLenient("2262-01-01T00:00:00Z") < TimePoint::max());
  CHECK(timestamp::ParseRfc3339("4077-11-30T18:00:00Z") == TimePoint::max());
  CHECK(timestamp::FormatRfc3339(TimePoint::max()).substr(0, 4) == "2262");
  CHECK(timestamp::FormatRfc3339(TimePoint::min()).substr(0, 4) == "1677");
}
