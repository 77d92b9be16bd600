#include <doctest/doctest.h>

#include "command.hpp"
#include "flags.hpp"
#include "help.hpp"

using namespace ssomap;

TEST_CASE("NormalizeArgs maps kubectl's -v spellings") {
  auto out = cli::NormalizeArgs({"--v=6", "-v=2", "--v", "3", "-v", "4", "--", "--v=1"});
  CHECK(out == std::vector<std::string>{"--verbosity=6", "--verbosity=2", "--verbosity", "3", "-v",
                                        "4", "--", "--v=1"});
}

TEST_CASE("FindCommandIndex skips global flags and their values") {
  CHECK(cli::FindCommandIndex({"add", "--admin"}) == 0);
  CHECK(cli::FindCommandIndex({"--context", "prod", "add"}) == 2);
  CHECK(cli::FindCommandIndex({"-o", "json", "--profile=x", "list"}) == 3);
  CHECK(cli::FindCommandIndex({"--help"}) == 1);
  CHECK(cli::FindCommandIndex({}) == 0);
}

TEST_CASE("--as-group is one group per use, commas and all, as kubectl's stringArray") {
  auto options = cli::CommandOptions(*cli::FindCommand("list"));
  auto r = cli::ParseOrUsageError(
      options, {"--as", "bob", "--as-group", "a,b", "--as-group", "system:masters"});
  auto g = cli::ReadGlobalFlags(r);
  REQUIRE(g.as_groups.has_value());
  CHECK(*g.as_groups == std::vector<std::string>{"a,b", "system:masters"});
  auto none = cli::ParseOrUsageError(options, {"--as", "bob"});
  CHECK_FALSE(cli::ReadGlobalFlags(none).as_groups.has_value());
}

TEST_CASE("global flags are parsed into a value") {
  auto options = cli::CommandOptions(*cli::FindCommand("arn"));
  auto r = cli::ParseOrUsageError(
      options, {"--kubeconfig", "/k", "--context=c", "-n", "dev", "--profile", "p", "--region",
                "eu-west-1", "-o", "yaml", "--verbosity=5", "--request-timeout", "1m", "x"});
  auto g = cli::ReadGlobalFlags(r);
  CHECK(g.kubeconfig == "/k");
  CHECK(g.context == "c");
  CHECK(g.namespace_ == "dev");
  CHECK(g.profile == "p");
  CHECK(g.region == "eu-west-1");
  CHECK(g.output == cli::OutputFormat::kYaml);
  CHECK(g.verbosity == 5);
  CHECK(g.request_timeout == std::chrono::minutes(1));
  CHECK(r.unmatched() == std::vector<std::string>{"x"});
}

TEST_CASE("bad flags are usage errors naming them") {
  auto options = cli::CommandOptions(*cli::FindCommand("arn"));
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c :
       {Case{{"--nope"}, "unknown flag: --nope"},
        Case{{"--context"}, "flag needs an argument: --context"},
        Case{{"-o", "xml"}, "allowed formats are: json,table,yaml"},
        Case{{"--request-timeout", "soon"}, "--request-timeout: invalid duration 'soon'"}}) {
    CAPTURE(c.message);
    try {
      auto r = cli::ParseOrUsageError(options, c.args);
      cli::ReadGlobalFlags(r);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.exit() == Exit::kUsage);
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
    }
  }
}

TEST_CASE("SuggestCommand finds near misses only") {
  CHECK(cli::SuggestCommand("verison") == "version");
  CHECK(cli::SuggestCommand("ar") == "arn");
  CHECK(cli::SuggestCommand("zzzzzz") == "");
}
