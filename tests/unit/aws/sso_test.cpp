#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/cache_keys.hpp"
#include "aws/config_file.hpp"
#include "aws/provider.hpp"
#include "aws/sso_portal.hpp"
#include "aws/sso_token.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/timestamp.hpp"
#include "fake_environment.hpp"
#include "fakes.hpp"

using namespace ssomap;
using namespace ssomap::aws;
using ssomap::testing::FakeProcessRunner;
using ssomap::testing::FakeTransport;
using ssomap::testing::TempDir;
using std::chrono::minutes;

namespace {

const TimePoint kNow = *timestamp::ParseLenient("2026-01-01T00:00:00Z");

SsoToken Token(minutes remaining, bool refreshable = true) {
  SsoToken t;
  t.access_token = "access";
  t.expires_at = kNow + remaining;
  if (refreshable) {
    t.refresh_token = "refresh";
    t.client_id = "cid";
    t.client_secret = "csecret";
    t.registration_expires_at = kNow + minutes(60 * 24);
  }
  return t;
}

constexpr std::string_view kConfig =
    "[profile sess]\nsso_session = corp\nsso_account_id = 123456789999\nsso_role_name = Admin\n"
    "[profile legacy]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-2\n"
    "sso_account_id = 123456789999\nsso_role_name = Admin\n"
    "[profile broken]\nsso_account_id = 1\n"
    "[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-2\n";

struct SsoRig {
  TempDir home;
  FakeEnvironment env;
  ConfigFiles config = BuildConfig(ParseIni(kConfig, "config"), {});
  FakeTransport http;
  FakeProcessRunner processes;
  TimePoint now = kNow;

  SsoRig()
      : env({{"AWS_ENDPOINT_URL_SSO", "https://sso.test"},
             {"AWS_ENDPOINT_URL_SSO_OIDC", "https://oidc.test"}},
            home.path().string()) {
    http.handler = [](const net::Request& r) {
      if (r.url.find("/token") != std::string::npos) {
        return net::Response{
            200, {}, R"({"accessToken":"new-access","expiresIn":28800,"refreshToken":"rotated"})"};
      }
      return net::Response{
          200,
          {},
          R"({"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"S","sessionToken":"T",)"
          R"("expiration":1767229200000}})"};
    };
  }
  std::filesystem::path TokenPath(const std::string& key) {
    return home.path() / ".aws" / "sso" / "cache" / SsoTokenCacheFileName(key);
  }
  void WriteToken(const std::string& key, const SsoToken& t) {
    files::WriteAtomic(TokenPath(key), SerializeSsoToken(t));
  }
  std::optional<Credentials> Load(const std::string& profile) {
    ProviderContext ctx{env,         config,
                        profile,     true,
                        "us-east-2", http,
                        processes,   [this] { return now; },
                        nullptr,     std::chrono::milliseconds(0)};
    return MakeSsoProvider(ctx)->Load();
  }
};

}  // namespace

TEST_CASE("ParseSsoToken: the fields aws sso login writes, lenient dates, unknown fields kept") {
  auto t = ParseSsoToken(
      R"({"startUrl":"https://d-1.awsapps.com/start","region":"us-east-2","accessToken":"a",)"
      R"("expiresAt":"2026-01-01T08:00:00UTC","clientId":"c","clientSecret":"s",)"
      R"("registrationExpiresAt":"2026-03-01T00:00:00.000000+00:00","refreshToken":"r","extra":1})");
  REQUIRE(t);
  CHECK(t->expires_at == kNow + minutes(480));
  CHECK(t->registration_expires_at == timestamp::ParseLenient("2026-03-01T00:00:00Z"));
  CHECK(t->refresh_token == "r");
  auto round = nlohmann::json::parse(SerializeSsoToken(*t));
  CHECK(round["expiresAt"] == "2026-01-01T08:00:00Z");
  CHECK(round["extra"] == 1);
  CHECK_FALSE(ParseSsoToken(R"({"expiresAt":"2026-01-01T08:00:00Z"})"));
  CHECK_FALSE(ParseSsoToken(R"({"accessToken":"a","expiresAt":"soon"})"));
  CHECK_FALSE(ParseSsoToken("not json"));
}

TEST_CASE("DecideTokenAction: refresh inside 15 minutes, only sso-session tokens") {
  struct Case {
    int remaining_minutes;
    bool refreshable, session_form;
    TokenAction action;
  };
  const Case cases[] = {
      {60, true, true, TokenAction::kUse},       {15, true, true, TokenAction::kUse},
      {14, true, true, TokenAction::kRefresh},   {-5, true, true, TokenAction::kRefresh},
      {14, false, true, TokenAction::kUse},      {-1, false, true, TokenAction::kExpired},
      {14, true, false, TokenAction::kUse},      {0, true, false, TokenAction::kExpired},
      {-60, true, false, TokenAction::kExpired},
  };
  for (const auto& c : cases) {
    CAPTURE(c.remaining_minutes);
    CHECK(DecideTokenAction(Token(minutes(c.remaining_minutes), c.refreshable), kNow,
                            c.session_form) == c.action);
  }
  auto expired_registration = Token(minutes(5));
  expired_registration.registration_expires_at = kNow - minutes(1);
  CHECK(DecideTokenAction(expired_registration, kNow, true) == TokenAction::kUse);
  CHECK(UsableAfterFailedRefresh(Token(minutes(12)), kNow));
  CHECK_FALSE(UsableAfterFailedRefresh(Token(minutes(9)), kNow));
}

TEST_CASE("WithRefresh keeps the old refresh token unless a new one is returned") {
  auto t = Token(minutes(5));
  CHECK(WithRefresh(t, "n", std::chrono::seconds(3600), "", kNow).refresh_token == "refresh");
  auto rotated = WithRefresh(t, "n", std::chrono::seconds(3600), "rot", kNow);
  CHECK(rotated.refresh_token == "rot");
  CHECK(rotated.expires_at == kNow + minutes(60));
  CHECK(rotated.client_secret == "csecret");
}

TEST_CASE("GetRoleCredentials: request shape and errors") {
  auto r = GetRoleCredentialsRequest("https://portal.sso.us-east-2.amazonaws.com", "tok", "123",
                                     "Admin Role");
  CHECK(r.method == "GET");
  CHECK(r.url ==
        "https://portal.sso.us-east-2.amazonaws.com/federation/"
        "credentials?role_name=Admin%20Role&account_id=123");
  CHECK(r.headers.at(0) == std::pair<std::string, std::string>{"x-amz-sso_bearer_token", "tok"});
  net::Response unauthorized{401,
                             {{"x-amzn-errortype", "UnauthorizedException:http://internal"}},
                             R"({"message":"Session token not found or invalid"})"};
  try {
    ParseRoleCredentials(unauthorized, "aws sso login --profile p");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kAuth);
    CHECK(e.hint() == "aws sso login --profile p");
  }
  net::Response forbidden{
      403, {}, R"({"__type":"com.amazon#ForbiddenException","message":"No access"})"};
  CHECK(ParseRestJsonError(forbidden).code == "ForbiddenException");
  CHECK_THROWS_AS(ParseRoleCredentials(forbidden, ""), Error);
}

TEST_CASE(
    "SSO provider: sso-session form refreshes, rotates, writes back 0600, caches role "
    "credentials") {
  SsoRig rig;
  rig.WriteToken("corp", Token(minutes(5)));
  auto creds = rig.Load("sess");
  REQUIRE(creds);
  CHECK(creds->access_key_id == "ASIA1");
  CHECK(creds->expiration == timestamp::FromEpochMillis(1767229200000));
  REQUIRE(rig.http.requests.size() == 2);
  auto refresh = nlohmann::json::parse(rig.http.requests[0].body);
  CHECK(rig.http.requests[0].url == "https://oidc.test/token");
  CHECK(refresh["grantType"] == "refresh_token");
  CHECK(refresh["refreshToken"] == "refresh");
  CHECK(rig.http.HeaderOf(1, "x-amz-sso_bearer_token") == "new-access");
  auto saved = ParseSsoToken(files::Read(rig.TokenPath("corp")));
  REQUIRE(saved);
  CHECK(saved->access_token == "new-access");
  CHECK(saved->refresh_token == "rotated");
  CHECK(saved->client_secret == "csecret");
  struct stat st {};
  REQUIRE(::stat(rig.TokenPath("corp").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto cache = rig.home.path() / ".aws" / "cli" / "cache" /
               (SsoRoleCacheKey("123456789999", "Admin", "corp", "") + ".json");
  auto entry = nlohmann::json::parse(files::Read(cache));
  CHECK(entry["ProviderType"] == "sso");
  CHECK(entry["Credentials"]["Expiration"] == "2026-01-01T01:00:00Z");
  CHECK(entry["Credentials"]["AccountId"] == "123456789999");

  // The second run is served from the cache: no portal call.
  auto again = rig.Load("sess");
  REQUIRE(again);
  CHECK(again->session_token == "T");
  CHECK(rig.http.requests.size() == 2);
  // Within 15 minutes of expiry the cache is not used.
  rig.now = kNow + minutes(50);
  rig.WriteToken("corp", Token(minutes(600)));
  rig.Load("sess");
  CHECK(rig.http.requests.size() == 3);
}

TEST_CASE(
    "SSO provider: expired, missing and failed sign-ins are auth errors naming aws sso login") {
  struct Case {
    std::string profile, token_key;
    int remaining_minutes;
    bool write;
    long refresh_status;
    std::string message;
  };
  const Case cases[] = {
      {"legacy", "https://d-1.awsapps.com/start", -1, true, 200, "has expired"},
      {"legacy", "https://d-1.awsapps.com/start", 0, false, 200, "not signed in"},
      {"sess", "corp", 5, true, 400, "could not be refreshed"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.profile);
    SsoRig rig;
    if (c.write) rig.WriteToken(c.token_key, Token(minutes(c.remaining_minutes)));
    rig.http.handler = [&](const net::Request&) {
      return net::Response{
          c.refresh_status, {}, R"({"error":"invalid_grant","error_description":"bad"})"};
    };
    try {
      rig.Load(c.profile);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
      CHECK(e.hint() == "aws sso login --profile " + c.profile);
      CHECK(e.exit() == Exit::kAuth);
    }
  }
  SsoRig legacy;
  legacy.WriteToken("https://d-1.awsapps.com/start", Token(minutes(5)));
  auto creds = legacy.Load("legacy");  // legacy tokens are used until they expire, never refreshed
  REQUIRE(creds);
  CHECK(legacy.http.requests.size() == 1);
  CHECK(legacy.http.requests[0].url.rfind("https://sso.test/federation/credentials", 0) == 0);
}

TEST_CASE("SSO provider: not an SSO profile, incomplete configuration") {
  SsoRig rig;
  CHECK_FALSE(rig.Load("nope"));
  try {
    rig.Load("broken");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(
              "missing required configuration: sso_start_url, sso_region, sso_role_name") !=
          std::string::npos);
  }
}

TEST_CASE("SSO provider: a refresh that lost the race to another process uses the winner's token") {
  SsoRig rig;
  rig.WriteToken("corp", Token(minutes(5)));
  rig.http.handler = [&rig](const net::Request& r) {
    if (r.url.find("/token") != std::string::npos) {
      // The other process refreshed first: the refresh token we send has been rotated away.
      auto winner = Token(minutes(480));
      winner.access_token = "winner-access";
      rig.WriteToken("corp", winner);
      return net::Response{400, {}, R"({"error":"invalid_grant","error_description":"rotated"})"};
    }
    return net::Response{
        200,
        {},
        R"({"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"S","sessionToken":"T",)"
        R"("expiration":1767229200000}})"};
  };
  auto creds = rig.Load("sess");
  REQUIRE(creds);
  REQUIRE(rig.http.requests.size() == 2);
  CHECK(rig.http.HeaderOf(1, "x-amz-sso_bearer_token") == "winner-access");
}
