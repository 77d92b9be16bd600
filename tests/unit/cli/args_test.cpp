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
  CHECK(a.mode == ops::AddMode::kAuto);

  // Access entries: the permission set names the identity; the cluster flags are carried.
  a = Add({"--permission-set", "Dev", "--account", "111122223333", "--admin", "--mode", "api",
           "--cluster-name", "prod", "--admin-profile", "ops"});
  CHECK(!a.arn);
  CHECK(a.permission_set == "Dev");
  CHECK(a.account == "111122223333");
  CHECK(a.mode == ops::AddMode::kApi);
  CHECK(a.cluster.cluster_name == "prod");
  CHECK(a.cluster.admin_profile == "ops");
  a = Add({"--arn", "arn:aws:iam::1:role/x", "--admin", "--mode", "configmap"});
  CHECK(a.mode == ops::AddMode::kConfigMap);
  CHECK(a.cluster.cluster_name.empty());
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
      {"add",
       {"--permission-set", "Dev", "--arn", "arn:aws:iam::1:role/x", "--admin"},
       "--permission-set names the identity: pass no --arn or --profile with it"},
      {"add",
       {"--permission-set", "Dev", "--profile", "p", "--admin"},
       "--permission-set names the identity: pass no --arn or --profile with it"},
      {"add",
       {"--account", "111122223333", "--profile", "p", "--admin"},
       "--account goes with --permission-set NAME"},
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
  p = Parse("list", {"--cluster-name", "staging", "--admin-profile", "ops"});
  const auto l = cli::ParseListArgs(p.result, p.result.unmatched());
  CHECK(l.cluster.cluster_name == "staging");
  CHECK(l.cluster.admin_profile == "ops");
  CHECK(Remove({"--profile", "p", "--cluster-name", "prod"}).cluster.cluster_name == "prod");
  p = Parse("migrate", {"--dry-run", "--prune-configmap", "--cluster-name", "staging"});
  const auto m = cli::ParseMigrateArgs(p.result, p.result.unmatched());
  CHECK(m.dry_run);
  CHECK(m.prune);
  CHECK(m.cluster.cluster_name == "staging");
  p = Parse("migrate", {});
  CHECK(!cli::ParseMigrateArgs(p.result, p.result.unmatched()).prune);
}

TEST_CASE("ParseTokenArgs: the AWS CLI's flags, exactly one cluster, JSON only") {
  auto token = [](const std::vector<std::string>& args) {
    auto p = Parse("token", args);
    return cli::ParseTokenArgs(p.result, p.result.unmatched(), p.global);
  };
  auto t = token({"--cluster-name", "dev", "--profile", "p", "--region", "us-west-2", "--role-arn",
                  "arn:aws:iam::1:role/r", "--session-name", "s", "--request-timeout", "5s"});
  CHECK(t.cluster_id == "dev");
  CHECK(t.profile == "p");
  CHECK(t.region == "us-west-2");
  CHECK(t.role_arn == "arn:aws:iam::1:role/r");
  CHECK(t.session_name == "s");
  CHECK(t.timeout == std::chrono::seconds(5));
  t = token({"--cluster-name", "dev", "--role", "arn:aws:iam::1:role/r", "--session-name", "s"});
  CHECK(t.role_arn == "arn:aws:iam::1:role/r");  // update-kubeconfig's spelling
  t = token({"--cluster-name", "dev", "--session-name", "s"});
  CHECK(t.role_arn.empty());  // no role: the session name is ignored, as by the AWS CLI
  t = token({"--cluster-id", "op-1", "-o", "json"});
  CHECK(t.cluster_id == "op-1");
  CHECK(t.profile.empty());
  CHECK(t.role_arn.empty());

  const std::vector<std::vector<std::string>> bad = {
      {},
      {"--cluster-name", "a", "--cluster-id", "b"},
      {"--cluster-name", ""},
      {"--cluster-name", "a", "extra"},
      {"--cluster-name", "a", "-o", "yaml"},
      {"--cluster-name", "a", "--role-arn", "arn:aws:iam::1:role/a", "--role",
       "arn:aws:iam::1:role/b"},
  };
  for (const auto& args : bad) {
    CAPTURE(args.size());
    try {
      token(args);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.exit() == Exit::kUsage);
    }
  }
}
