#include <doctest/doctest.h>

#include <string>

#include "aws/config_file.hpp"
#include "core/environment.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"

using namespace ssomap;
using namespace ssomap::aws;

namespace {

ConfigFiles Build(const std::string& config, const std::string& credentials = "") {
  return BuildConfig(ParseIni(config, "config"), ParseIni(credentials, "credentials"));
}

}  // namespace

TEST_CASE("ParseIni: RawConfigParser's dialect") {
  auto sections = ParseIni(
      "# comment\n"
      "; another\n"
      "[default]\n"
      "Region = us-east-1\n"
      "output: json\n"
      "  # comment inside does not end the value\n"
      "note = a # inline comments stay\n"
      "multi = first\n"
      "  second\n"
      "\n"
      "[profile dev]\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  addressing_style=path\n"
      "key=with=equals\n",
      "cfg");
  REQUIRE(sections.size() == 2);
  CHECK(sections[0].name == "default");
  CHECK(sections[0].line == 3);
  CHECK(sections[0].Get("region") == "us-east-1");
  CHECK(sections[0].Get("output") == "json");
  CHECK(sections[0].Get("note") == "a # inline comments stay");
  CHECK(sections[0].Get("multi") == "first\nsecond");
  CHECK(sections[1].nested.at("s3").at("max_concurrent_requests") == "20");
  CHECK(sections[1].nested.at("s3").at("addressing_style") == "path");
  CHECK(sections[1].Get("key") == "with=equals");
}

TEST_CASE("ParseIni: malformed files name FILE:LINE and the fix") {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"region = us-east-1\n", "/x/config:1: a setting before any [section]"},
      {"[default]\nregion\n", "/x/config:2: the line is neither a [section] header"},
      {"[default]\nregion = a\nREGION = b\n",
       "/x/config:3: key `region` is set twice in section [default]"},
      {"[default]\n[a]\n[default]\n", "/x/config:3: section [default] appears twice"},
      {"[default]\n = x\n", "/x/config:2: the line is neither"},
      {"[default]\ns3 =\n  no-equals-here\n", "/x/config:2: a nested setting under key `s3`"},
      // A key that is no plain name (the `=` forgotten before a value holding one) is named by
      // its line only: it may hold a secret (issue 11 §1; fuzz_aws_config).
      {"[default]\naws_session_token IQoJSECRET0=\n  nested\n",
       "/x/config:2: a nested setting under the key on line 2 is not key = value"},
      {"[default]\naws_session_token IQoJSECRET1==\naws_session_token IQoJSECRET1== x\n",
       "/x/config:3: the key on line 3 is set twice in section [default]"},
      {"[p\x01q]\n[p\x01q]\n", "/x/config:2: the section on line 2 appears twice"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    try {
      ParseIni(c.text, "/x/config");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).rfind(c.message, 0) == 0);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
      CHECK(e.hint().find("/x/config") != std::string::npos);
    }
  }
}

TEST_CASE("BuildConfig: section kinds and the credentials file winning") {
  auto cfg = Build(
      "[default]\nregion = us-east-1\n"
      "[profile dev]\nregion = eu-west-1\naws_access_key_id = FROMCONFIG\n"
      "[profile \"with space\"]\nregion = ap-south-1\n"
      "[profileX]\nregion = nope\n"
      "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\n"
      "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1\n"
      "[plugins]\nfoo = bar\n",
      "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = "
      "S\n[only-creds]\naws_access_key_id = K\n");
  CHECK(cfg.Get("default", "region") == "us-east-1");
  CHECK(cfg.Get("dev", "region") == "eu-west-1");
  CHECK(cfg.Get("dev", "aws_access_key_id") == "FROMCREDS");
  CHECK(cfg.config_profiles.at("dev").Get("aws_access_key_id") == "FROMCONFIG");
  CHECK(cfg.Get("with space", "region") == "ap-south-1");
  CHECK(cfg.Profile("profileX") == nullptr);
  CHECK(cfg.Profile("plugins") == nullptr);
  CHECK(cfg.Get("only-creds", "aws_access_key_id") == "K");
  CHECK(cfg.sso_sessions.at("corp").Get("sso_start_url") == "https://x.awsapps.com/start");
  CHECK(cfg.services.at("local").nested.at("sts").at("endpoint_url") == "http://127.0.0.1:1");
}

TEST_CASE("File paths: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, ~ and $VAR expanded") {
  FakeEnvironment none({}, "/home/u");
  CHECK(ConfigFilePath(none) == "/home/u/.aws/config");
  CHECK(CredentialsFilePath(none) == "/home/u/.aws/credentials");
  FakeEnvironment set(
      {{"AWS_CONFIG_FILE", "$DIR/cfg"}, {"AWS_SHARED_CREDENTIALS_FILE", "~/c"}, {"DIR", "/d"}},
      "/home/u");
  CHECK(ConfigFilePath(set) == "/d/cfg");
  CHECK(CredentialsFilePath(set) == "/home/u/c");
}

TEST_CASE("SelectProfile: --profile > AWS_PROFILE > AWS_DEFAULT_PROFILE > default") {
  struct Case {
    std::string flag;
    std::map<std::string, std::string> env;
    std::string name;
    bool explicit_flag;
  };
  const Case cases[] = {
      {"", {}, "default", false},
      {"", {{"AWS_DEFAULT_PROFILE", "b"}}, "b", false},
      {"", {{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}}, "a", false},
      {"", {{"AWS_PROFILE", ""}, {"AWS_DEFAULT_PROFILE", "b"}}, "b", false},
      {"f", {{"AWS_PROFILE", "a"}}, "f", true},
  };
  for (const auto& c : cases) {
    FakeEnvironment env(c.env);
    auto choice = SelectProfile(c.flag, env);
    CHECK(choice.name == c.name);
    CHECK(choice.explicit_flag == c.explicit_flag);
  }
}

TEST_CASE("SelectRegion: --region > AWS_REGION > AWS_DEFAULT_REGION > profile region") {
  auto cfg = Build("[profile p]\nregion = eu-west-1\n");
  struct Case {
    std::string flag;
    std::map<std::string, std::string> env;
    std::string region;
  };
  const Case cases[] = {
      {"", {}, "eu-west-1"},
      {"", {{"AWS_DEFAULT_REGION", "us-west-1"}}, "us-west-1"},
      {"", {{"AWS_REGION", "us-west-2"}, {"AWS_DEFAULT_REGION", "us-west-1"}}, "us-west-2"},
      {"ap-east-1", {{"AWS_REGION", "us-west-2"}}, "ap-east-1"},
  };
  for (const auto& c : cases) {
    FakeEnvironment env(c.env);
    CHECK(SelectRegion(c.flag, env, cfg, "p") == c.region);
  }
  FakeEnvironment empty({});
  CHECK(SelectRegion("", empty, cfg, "missing").empty());
}

// Issue 11 §1: `aws_secret_access_key SECRET` (the '=' forgotten) on another profile's line was
// quoted verbatim in the error, printing the secret on stderr, in doctor and in the log.
TEST_CASE("ParseIni: a malformed line is named by file and line, never quoted") {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const std::string cases[] = {
      "[default]\nregion = x\n[other]\naws_secret_access_key " + secret + "\n",
      "aws_secret_access_key = " + secret + "\n",
      "[default]\ns3 =\n  " + secret + "\n",
      "[default]\n" + secret + "\n",
  };
  for (const auto& text : cases) {
    CAPTURE(text);
    try {
      ParseIni(text, "/x/credentials");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(secret) == std::string::npos);
      CHECK(e.hint().find(secret) == std::string::npos);
      CHECK(std::string(e.what()).find("/x/credentials:") == 0);
    }
  }
}
