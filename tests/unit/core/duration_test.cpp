#include <doctest/doctest.h>

#include "core/duration.hpp"
#include "core/error.hpp"

using namespace ssomap;
using std::chrono::milliseconds;

TEST_CASE("ParseDuration accepts kubectl's --request-timeout forms") {
  CHECK(ParseDuration("0") == milliseconds(0));
  CHECK(ParseDuration("30") == milliseconds(30'000));
  CHECK(ParseDuration("5s") == milliseconds(5'000));
  CHECK(ParseDuration("250ms") == milliseconds(250));
  CHECK(ParseDuration("1m30s") == milliseconds(90'000));
  CHECK(ParseDuration("2h") == milliseconds(7'200'000));
  CHECK(ParseDuration("1.5s") == milliseconds(1'500));
}

TEST_CASE("ParseDuration rejects what is not a duration, naming it") {
  for (const char* bad : {"", "abc", "5x", "-1s", "s", "1s2", "10d", "99999h"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(ParseDuration(bad), Error);
  }
  try {
    ParseDuration("5x");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("'5x'") != std::string::npos);
    CHECK_FALSE(e.hint().empty());
  }
}
