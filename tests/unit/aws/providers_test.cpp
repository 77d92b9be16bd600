#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "aws/config_file.hpp"
#include "aws/provider.hpp"
#include "core/error.hpp"
#include "core/timestamp.hpp"
#include "fake_environment.hpp"
#include "fakes.hpp"

using namespace ssomap;
using namespace ssomap::aws;
using ssomap::testing::FakeProcessRunner;
using ssomap::testing::FakeTransport;
using ssomap::testing::TempDir;

namespace {

using Vars = std::map<std::string, std::string>;

constexpr long long kNow = 1767225600;  // 2026-01-01T00:00:00Z

Clock FixedClock() {
  return [] { return TimePoint(std::chrono::seconds(kNow)); };
}

struct Rig {
  FakeEnvironment env;
  ConfigFiles config;
  FakeTransport http;
  FakeProcessRunner processes;
  std::string profile = "default";

  explicit Rig(std::map<std::string, std::string> vars = {}, const std::string& cfg = "",
               const std::string& creds = "", std::string home = "/home/test")
      : env(std::move(vars), std::move(home)),
        config(BuildConfig(ParseIni(cfg, "config"), ParseIni(creds, "credentials"))) {}

  ProviderContext Context() {
    return ProviderContext{env,  config,    profile,      false,   "us-east-2",
                           http, processes, FixedClock(), nullptr, std::chrono::milliseconds(0)};
  }
};

}  // namespace

TEST_CASE("env provider: keys, legacy token name first, partial keys refused") {
  struct Case {
    std::map<std::string, std::string> vars;
    bool found;
    std::string token;
  };
  const Case cases[] = {
      {{}, false, ""},
      {{{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", "s"}}, false, ""},
      {{{"AWS_ACCESS_KEY_ID", "AK"}, {"AWS_SECRET_ACCESS_KEY", "s"}}, true, ""},
      {{{"AWS_ACCESS_KEY_ID", "AK"}, {"AWS_SECRET_ACCESS_KEY", "s"}, {"AWS_SESSION_TOKEN", "new"}},
       true,
       "new"},
      {{{"AWS_ACCESS_KEY_ID", "AK"},
        {"AWS_SECRET_ACCESS_KEY", "s"},
        {"AWS_SESSION_TOKEN", "new"},
        {"AWS_SECURITY_TOKEN", "old"}},
       true,
       "old"},
  };
  for (const auto& c : cases) {
    Rig rig(c.vars);
    auto ctx = rig.Context();
    auto creds = MakeEnvProvider(ctx)->Load();
    CHECK(creds.has_value() == c.found);
    if (creds) {
      CHECK(creds->access_key_id == "AK");
      CHECK(creds->session_token == c.token);
      CHECK(creds->source == "env");
    }
  }
  Rig partial(Vars{{"AWS_ACCESS_KEY_ID", "AK"}});
  auto ctx = partial.Context();
  CHECK_THROWS_AS(MakeEnvProvider(ctx)->Load(), Error);
}

TEST_CASE("shared-credentials-file and config-file providers read their own file") {
  Rig rig({}, "[profile p]\naws_access_key_id = CFG\naws_secret_access_key = cs\n",
          "[p]\naws_access_key_id = CRED\naws_secret_access_key = s\naws_session_token = t\n");
  rig.profile = "p";
  auto ctx = rig.Context();
  auto from_creds = MakeSharedFileProvider(ctx, true)->Load();
  REQUIRE(from_creds);
  CHECK(from_creds->access_key_id == "CRED");
  CHECK(from_creds->session_token == "t");
  CHECK(from_creds->source == "shared-credentials-file");
  auto from_config = MakeSharedFileProvider(ctx, false)->Load();
  REQUIRE(from_config);
  CHECK(from_config->access_key_id == "CFG");
  CHECK(from_config->source == "config-file");
  rig.profile = "other";
  auto other = rig.Context();
  CHECK_FALSE(MakeSharedFileProvider(other, true)->Load());
}

TEST_CASE("credential_process: argv without a shell, Version 1 JSON, stderr on failure") {
  Rig rig({}, "[default]\ncredential_process = /opt/bin/helper --flag \"two words\" 'x y'\n");
  auto ctx = rig.Context();
  rig.processes.result.exit_code = 0;
  rig.processes.result.out =
      R"({"Version": 1, "AccessKeyId": "AK", "SecretAccessKey": "S", "SessionToken": "T",)"
      R"( "Expiration": "2026-01-01T01:00:00.000Z"})";
  auto creds = MakeProcessProvider(ctx)->Load();
  REQUIRE(creds);
  CHECK(rig.processes.requests.at(0).argv ==
        std::vector<std::string>{"/opt/bin/helper", "--flag", "two words", "x y"});
  CHECK(creds->session_token == "T");
  CHECK(creds->expiration == timestamp::ParseLenient("2026-01-01T01:00:00Z"));

  struct Bad {
    int exit_code;
    std::string out, err, message;
  };
  const Bad bad[] = {
      {2, "", "token expired, run login\n", "failed (exit 2): 'token expired, run login'"},
      {0, "not json", "", "not JSON"},
      {0, R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"})", "",
       "unsupported Version"},
      {0, R"({"Version": 1, "AccessKeyId": "A"})", "", "no AccessKeyId or SecretAccessKey"},
      {0,
       R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "2025-01-01T00:00:00Z"})",
       "", "expired"},
  };
  for (const auto& b : bad) {
    rig.processes.result = {b.exit_code, b.out, b.err, false, false};
    try {
      MakeProcessProvider(ctx)->Load();
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(b.message) != std::string::npos);
      CHECK(e.exit() == Exit::kAuth);
    }
  }
}

TEST_CASE("container provider: full and relative URI, token and token file") {
  TempDir dir;
  auto token_file = dir.path() / "token";
  std::ofstream(token_file) << "file-token\n";
  const std::string body =
      R"({"AccessKeyId":"AK","SecretAccessKey":"S","Token":"T","Expiration":"2026-01-01T06:00:00Z"})";
  struct Case {
    std::map<std::string, std::string> vars;
    std::string url, auth;
  };
  const Case cases[] = {
      {{{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds"}},
       "http://169.254.170.2/v2/creds",
       ""},
      {{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/c"},
        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok"}},
       "http://127.0.0.1:8080/c",
       "tok"},
      {{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"},
        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok"},
        {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.string()}},
       "http://169.254.170.23/v1/credentials",
       "file-token"},
  };
  for (const auto& c : cases) {
    Rig rig(c.vars);
    rig.http.handler = [&](const net::Request&) { return net::Response{200, {}, body}; };
    auto ctx = rig.Context();
    auto creds = MakeContainerProvider(ctx)->Load();
    REQUIRE(creds);
    CHECK(rig.http.requests.at(0).url == c.url);
    CHECK(rig.http.HeaderOf(0, "Authorization") == c.auth);
    CHECK(creds->session_token == "T");
    CHECK(creds->source == "container-role");
  }
  Rig none;
  auto ctx = none.Context();
  CHECK_FALSE(MakeContainerProvider(ctx)->Load());
  Rig remote(Vars{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/creds"}});
  auto remote_ctx = remote.Context();
  CHECK_THROWS_AS(MakeContainerProvider(remote_ctx)->Load(), Error);
  CHECK(remote.http.requests.empty());
}

TEST_CASE("IMDS provider: v2 token PUT, role GET, credentials GET; disabled and unreachable") {
  Rig rig(Vars{{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/"}});
  rig.http.handler = [](const net::Request& r) {
    if (r.method == "PUT") return net::Response{200, {}, "imds-token"};
    if (r.url.ends_with("/security-credentials/")) return net::Response{200, {}, "my-role"};
    return net::Response{
        200,
        {},
        R"({"Code":"Success","AccessKeyId":"AK","SecretAccessKey":"S","Token":"T",)"
        R"("Expiration":"2026-01-01T06:00:00Z"})"};
  };
  auto ctx = rig.Context();
  auto creds = MakeImdsProvider(ctx)->Load();
  REQUIRE(creds);
  REQUIRE(rig.http.requests.size() == 3);
  CHECK(rig.http.requests[0].url == "http://127.0.0.1:9/latest/api/token");
  CHECK(rig.http.HeaderOf(0, "x-aws-ec2-metadata-token-ttl-seconds") == "21600");
  CHECK(rig.http.requests[1].url ==
        "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/");
  CHECK(rig.http.HeaderOf(1, "x-aws-ec2-metadata-token") == "imds-token");
  CHECK(rig.http.requests[2].url ==
        "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/my-role");
  CHECK(rig.http.requests[2].timeout == std::chrono::seconds(1));
  CHECK(creds->source == "iam-role");

  Rig disabled(Vars{{"AWS_EC2_METADATA_DISABLED", "true"}});
  auto disabled_ctx = disabled.Context();
  CHECK_FALSE(MakeImdsProvider(disabled_ctx)->Load());
  CHECK(disabled.http.requests.empty());

  Rig down;
  down.http.handler = [](const net::Request&) -> net::Response {
    throw Error("connection refused");
  };
  auto down_ctx = down.Context();
  CHECK_FALSE(MakeImdsProvider(down_ctx)->Load());
  CHECK(down.http.requests.at(0).url == "http://169.254.169.254/latest/api/token");
}
