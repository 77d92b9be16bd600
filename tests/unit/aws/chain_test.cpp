#include <doctest/doctest.h>

#include <string>

#include "aws/chain.hpp"
#include "aws/config_file.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "fakes.hpp"

using namespace ssomap;
using namespace ssomap::aws;
using ssomap::testing::FakeProcessRunner;
using ssomap::testing::FakeTransport;

namespace {

using Vars = std::map<std::string, std::string>;

constexpr std::string_view kProcessOut =
    R"({"Version":1,"AccessKeyId":"PROC","SecretAccessKey":"s"})";
constexpr std::string_view kContainerOut =
    R"({"AccessKeyId":"CONT","SecretAccessKey":"s","Token":"t"})";

struct ChainRig {
  FakeEnvironment env;
  ConfigFiles config;
  FakeTransport http;
  FakeProcessRunner processes;

  ChainRig(Vars vars, const std::string& cfg, const std::string& creds)
      : env(std::move(vars)),
        config(BuildConfig(ParseIni(cfg, "config"), ParseIni(creds, "credentials"))) {
    processes.result = {0, std::string(kProcessOut), "", false, false};
    http.handler = [](const net::Request&) {
      return net::Response{200, {}, std::string(kContainerOut)};
    };
  }
  Credentials Resolve(const std::string& profile, bool explicit_flag) {
    ProviderContext ctx{env,         config,
                        profile,     explicit_flag,
                        "us-east-2", http,
                        processes,   [] { return TimePoint(std::chrono::seconds(1767225600)); },
                        nullptr,     std::chrono::milliseconds(0)};
    return ResolveCredentials(ctx);
  }
};

const Vars kEnvKeys = {{"AWS_ACCESS_KEY_ID", "ENV"},
                       {"AWS_SECRET_ACCESS_KEY", "s"},
                       {"AWS_EC2_METADATA_DISABLED", "true"}};
const Vars kNoImds = {{"AWS_EC2_METADATA_DISABLED", "true"}};

}  // namespace

TEST_CASE("ResolveCredentials walks the AWS CLI v2 order") {
  const std::string all_cfg =
      "[profile p]\ncredential_process = helper\naws_access_key_id = CFG\naws_secret_access_key = "
      "s\n"
      "[profile proc]\ncredential_process = helper\naws_access_key_id = CFG\naws_secret_access_key "
      "= s\n"
      "[profile cfg]\naws_access_key_id = CFG\naws_secret_access_key = s\n";
  const std::string creds = "[p]\naws_access_key_id = FILE\naws_secret_access_key = s\n";
  struct Case {
    Vars vars;
    std::string profile;
    bool explicit_flag;
    std::string source, key;
  };
  Vars container = kNoImds;
  container["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/creds";
  const Case cases[] = {
      {kEnvKeys, "p", false, "env", "ENV"},
      {kEnvKeys, "p", true, "shared-credentials-file", "FILE"},
      {kNoImds, "p", false, "shared-credentials-file", "FILE"},
      {kNoImds, "proc", true, "custom-process", "PROC"},
      {kNoImds, "cfg", true, "config-file", "CFG"},
      {container, "default", false, "container-role", "CONT"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.profile);
    CAPTURE(c.source);
    ChainRig rig(c.vars, all_cfg, creds);
    auto got = rig.Resolve(c.profile, c.explicit_flag);
    CHECK(got.source == c.source);
    CHECK(got.access_key_id == c.key);
  }
}

TEST_CASE(
    "ResolveCredentials: nothing found, unknown profile, source_profile cycles are auth errors") {
  struct Case {
    std::string cfg, profile, message, hint;
  };
  const Case cases[] = {
      {"", "default", "no AWS credentials found for profile default",
       "aws sso login --profile default"},
      {"[profile a]\nregion = x\n", "missing", "the AWS profile missing is not in",
       "aws configure sso --profile missing"},
      {"[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = b\n"
       "[profile b]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\n",
       "a", "source_profile cycle: a -> b -> a", ""},
      {"[profile a]\nrole_arn = arn:aws:iam::1:role/r\n", "a",
       "neither source_profile nor credential_source", ""},
      {"[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = b\ncredential_source = "
       "Environment\n",
       "a", "sets both source_profile and credential_source", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.cfg);
    ChainRig rig(kNoImds, c.cfg, "");
    try {
      rig.Resolve(c.profile, false);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
      CHECK(e.exit() == Exit::kAuth);
      if (!c.hint.empty()) CHECK(e.hint().find(c.hint) != std::string::npos);
    }
  }
}

namespace {

constexpr std::string_view kAssumeRoleXml =
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
    "<Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>rs</SecretAccessKey>"
    "<SessionToken>rt</SessionToken><Expiration>2026-01-01T01:00:00Z</Expiration></Credentials>"
    "<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/r/s</"
    "Arn>"
    "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>x</RequestId></"
    "ResponseMetadata>"
    "</AssumeRoleResponse>";

}  // namespace

TEST_CASE("assume-role: source_profile keys, MFA code from the prompt, cached like the AWS CLI") {
  ssomap::testing::TempDir home;
  FakeEnvironment env(kNoImds, home.path().string());
  auto config = BuildConfig(
      ParseIni("[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
               "mfa_serial = arn:aws:iam::1:mfa/me\nrole_session_name = s\n"
               "external_id = ext\nduration_seconds = 900\n",
               "config"),
      ParseIni("[base]\naws_access_key_id = BASE\naws_secret_access_key = bs\n", "credentials"));
  FakeTransport http;
  http.handler = [](const net::Request&) {
    return net::Response{200, {}, std::string(kAssumeRoleXml)};
  };
  FakeProcessRunner processes;
  ssomap::testing::FakePrompt prompt;
  prompt.answer = "123456";
  ProviderContext ctx{env,         config,
                      "role",      true,
                      "us-east-2", http,
                      processes,   [] { return TimePoint(std::chrono::seconds(1767225600)); },
                      &prompt,     std::chrono::milliseconds(0)};
  auto creds = ResolveCredentials(ctx);
  CHECK(creds.source == "assume-role");
  CHECK(creds.access_key_id == "ASIAROLE");
  REQUIRE(http.requests.size() == 1);
  const auto& body = http.requests[0].body;
  for (const char* part :
       {"Action=AssumeRole", "RoleSessionName=s", "ExternalId=ext", "DurationSeconds=900",
        "TokenCode=123456", "SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fme"}) {
    CAPTURE(part);
    CHECK(body.find(part) != std::string::npos);
  }
  CHECK(http.requests[0].url.rfind("https://sts.us-east-2.amazonaws.com", 0) == 0);
  REQUIRE(prompt.questions.size() == 1);
  CHECK(prompt.questions[0].find("arn:aws:iam::1:mfa/me") != std::string::npos);

  // Second run: from ~/.aws/cli/cache, no STS call and no MFA prompt.
  auto again = ResolveCredentials(ctx);
  CHECK(again.access_key_id == "ASIAROLE");
  CHECK(http.requests.size() == 1);
  CHECK(prompt.questions.size() == 1);

  // Without a terminal the MFA code cannot be asked for.
  std::filesystem::remove_all(home.path() / ".aws");
  prompt.answer.reset();
  CHECK_THROWS_WITH_AS(ResolveCredentials(ctx), doctest::Contains("no terminal"), Error);
  CHECK(http.requests.size() == 1);
}
