#include <doctest/doctest.h>

#include <string>

#include "aws/cache_keys.hpp"

using namespace ssomap::aws;

// Expected values from botocore (credentials.py, utils.py) run on the same inputs with
// Python's hashlib/json, and from ../shared/reference/aws-protocols.md §2.
TEST_CASE("SsoTokenCacheFileName: sha1 of the start URL or session name") {
  CHECK(SsoTokenCacheFileName("my-sso") == "0ad374308c5a4e22f723adf10145eafad7c4031c.json");
  CHECK(SsoTokenCacheFileName("https://my-sso-portal.awsapps.com/start") ==
        "c7aaaf71fcc8777ae2475525ed049d39fe16c484.json");
}

TEST_CASE("SsoRoleCacheKey: compact sorted JSON, both forms") {
  struct Case {
    std::string account, role, session, start_url, key;
  };
  const Case cases[] = {
      {"111122223333", "Admin", "my-sso", "", "360f093cdc0bddf23eecc38b9cb6222fca5a195a"},
      {"123456789999", "AdministratorAccess", "", "https://d-9a6712c4f1.awsapps.com/start",
       "177a09df8f6f2ac9254457bb5cd852f0a5b3ab48"},
      // Non-ASCII goes through json.dumps' \u escapes, including a surrogate pair.
      {"1", "R\xc3\xa9\xf0\x9f\x98\x80", "x", "", "315505617778af81f14bedc06c8dc46e3ff1a5ee"},
  };
  for (const auto& c : cases) {
    CHECK(SsoRoleCacheKey(c.account, c.role, c.session, c.start_url) == c.key);
  }
}

TEST_CASE("AssumeRoleCacheKey: json.dumps(sort_keys=True) with default separators") {
  CHECK(AssumeRoleCacheKey({{"RoleArn", std::string("arn:aws:iam::111122223333:role/my-role")}}) ==
        "d1aa15ff74a205ee59082af2f21abab47891a554");
  CHECK(AssumeRoleCacheKey({{"RoleArn", std::string("arn:aws:iam::111122223333:role/my-role")},
                            {"RoleSessionName", std::string("s\xc3\xa9")},
                            {"DurationSeconds", 900LL}}) ==
        "03a21248553349fcdfd4ff50dd40dcc1bab2dbcf");
}

TEST_CASE("PythonJsonString: escapes as json.dumps") {
  CHECK(PythonJsonString("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(PythonJsonString("\xc3\xa9") == "\"\\u00e9\"");
}
