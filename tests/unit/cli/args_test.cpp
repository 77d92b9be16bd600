// Each command's flags as a value: every usage decision taken by a pure parser, before any I/O.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "command.hpp"
#include "command_args.hpp"
#include "flags.hpp"
#include "help.hpp"

using namespace ssomap;

namespace {

struct Parsed {
  cxxopts::Options options;
  cxxopts::ParseResult result;
  cli::GlobalOptions global;
};

Parsed Parse(const char* command, const std::vector<std::string>& args) {
  auto options = cli::CommandOptions(*cli::FindCommand(command));
  auto result = cli::ParseOrUsageError(options, args);
  auto global = cli::ReadGlobalFlags(result);
  return {std::move(options), std::move(result), std::move(global)};
}

cli::AddArgs Add(const std::vector<std::string>& args) {
  auto p = Parse("add", args);
  return cli::ParseAddArgs(p.result, p.result.unmatched(), p.global);
}

cli::RemoveArgs Remove(const std::vector<std::string>& args) {
  auto p = Parse("remove", args);
  return cli::ParseRemoveArgs(p.result, p.result.unmatched(), p.global);
}

}  // namespace

TEST_CASE("ParseAddArgs: the values of good command lines") {
  auto a = Add({"--profile", "p", "--admin"});
  CHECK(!a.arn);
  CHECK(a.admin);
  CHECK(a.grant.groups == std::vector<std::string>{"system:masters"});
  CHECK(a.dry_run == ops::DryRunMode::kNone);
  CHECK(!a.local_file);

  a = Add({"--arn", "arn:aws:iam::1:role/x", "--group", "a", "--group", "b", "--username", "u",
           "--overwrite", "--dry-run"});
  CHECK(a.arn == "arn:aws:iam::1:role/x");
  CHECK(a.grant.groups == std::vector<std::string>{"a", "b"});
  CHECK(a.grant.username == "u");
  CHECK(a.overwrite);
  CHECK(a.dry_run == ops::DryRunMode::kClient);

  a = Add({"--arn", "arn:aws:iam::1:role/x", "--view", "--dry-run=server"});
  CHECK(a.view);
  CHECK(a.grant.groups.empty());
  CHECK(a.dry_run == ops::DryRunMode::kServer);

  a = Add({"-f", "cm.yaml", "--local", "--arn", "arn:aws:iam::1:role/x", "--group", "g"});
  CHECK(a.local_file == "cm.yaml");
}

TEST_CASE("ParseAddArgs and ParseRemoveArgs: each usage error, by its message") {
  struct Case {
    const char* command;
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {"add", {"--profile", "p"}, "say what to grant: exactly one of --admin, --view or --group G"},
      {"add",
       {"--profile", "p", "--admin", "--view"},
       "say what to grant: exactly one of --admin, --view or --group G"},
      {"add",
       {"--admin"},
       "say which identity: --profile P (its SSO role, asked of STS) or --arn ARN"},
      {"add",
       {"--admin", "--profile", "p", "--arn", "arn:aws:iam::1:role/x"},
       "--arn and --profile both name the identity; pass one"},
      {"add",
       {"--admin", "--profile", "p", "--dry-run=maybe"},
       "--dry-run must be none, client or server, not \"maybe\""},
      {"add", {"--admin", "--profile", "p", "extra"}, "add takes no arguments, got \"extra\""},
      {"add", {"--admin", "--profile", "p", "--username", ""}, "--username must not be empty"},
      {"add",
       {"-f", "x", "--local", "--view", "--arn", "arn:aws:iam::1:role/x"},
       "--view needs a cluster: it also creates a Role and RoleBinding"},
      {"add",
       {"-f", "x", "--local", "--admin", "--dry-run", "--arn", "arn:aws:iam::1:role/x"},
       "--dry-run has no meaning with --local: nothing is written"},
      {"add", {"-f", "x", "--local", "--admin", "--profile", "p"}, "say which identity: --arn ARN"},
      {"add", {"--local", "--admin", "--arn", "arn:aws:iam::1:role/x"}, "--local needs -f FILE"},
      {"add",
       {"-f", "x", "--admin", "--arn", "arn:aws:iam::1:role/x"},
       "-f FILE works on the file only with --local"},
      {"remove", {}, "say which identity: --profile P (its SSO role, asked of STS) or --arn ARN"},
      {"remove",
       {"-f", "x", "--local", "--dry-run=server", "--arn", "arn:aws:iam::1:role/x"},
       "--dry-run has no meaning with --local: nothing is written"},
      {"remove", {"--profile", "p", "x"}, "remove takes no arguments, got \"x\""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    const auto run = [&] {
      if (std::string(c.command) == "add") {
        (void)Add(c.args);
      } else {
        (void)Remove(c.args);
      }
    };
    try {
      run();
      FAIL("no usage error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == c.message);
      CHECK(e.exit() == Exit::kUsage);
    }
  }
}

TEST_CASE("ParseRemoveArgs, ParseDoctorArgs, ParseListArgs: their values") {
  const auto r = Remove({"--arn", "arn:aws:iam::1:role/path/x", "--dry-run=server"});
  CHECK(r.arn == "arn:aws:iam::1:role/path/x");
  CHECK(r.dry_run == ops::DryRunMode::kServer);
  auto p = Parse("doctor", {"--cluster-name", "dev"});
  CHECK(cli::ParseDoctorArgs(p.result, p.result.unmatched()).cluster_name == "dev");
  p = Parse("doctor", {});
  CHECK(cli::ParseDoctorArgs(p.result, p.result.unmatched()).cluster_name.empty());
  p = Parse("list", {"-f", "-", "--local"});
  CHECK(cli::ParseListArgs(p.result, p.result.unmatched()).local_file == "-");
  p = Parse("list", {});
  CHECK(!cli::ParseListArgs(p.result, p.result.unmatched()).local_file);
}
