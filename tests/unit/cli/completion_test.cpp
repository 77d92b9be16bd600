#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "completion.hpp"

using namespace ssomap;

namespace {

/// Fixed values, and what each source was asked with.
struct FakeSources final : cli::CompletionSources {
  mutable std::vector<std::string> asked;
  std::vector<std::string> Contexts(const std::string& kubeconfig) const override {
    asked.push_back("contexts " + kubeconfig);
    return {"admin", "admin-cert", "sso-user"};
  }
  std::vector<std::string> Profiles() const override { return {"default", "dev-sso"}; }
  std::vector<std::string> Namespaces(const std::string& kubeconfig,
                                      const std::string& context) const override {
    asked.push_back("namespaces " + kubeconfig + " " + context);
    return {"default", "dev", "kube-system"};
  }
  std::vector<std::string> Backups(const std::string&, const std::string& context) const override {
    asked.push_back("backups " + context);
    return {"20261130T101500Z-rv9.json", "20261129T041503Z-rv8.json"};
  }
};

std::vector<std::string> Values(const cli::Completions& c) {
  std::vector<std::string> out;
  for (const auto& x : c.candidates) out.push_back(x.value);
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("command names start with the word typed, with their summaries") {
  FakeSources s;
  auto c = cli::Complete({"re"}, s);
  CHECK(Values(c) == std::vector<std::string>{"remove", "restore"});
  CHECK(!c.candidates[0].description.empty());
  CHECK(c.directive == cli::kCompNoFileComp);
  CHECK(Has(Values(cli::Complete({""}, s)), "completion"));
  CHECK(Has(Values(cli::Complete({""}, s)), "help"));
  // Global flags and their values before the command do not count as the command.
  CHECK(Values(cli::Complete({"--context", "admin", "ve"}, s)) ==
        std::vector<std::string>{"version"});
  CHECK(Values(cli::Complete({"help", "wh"}, s)) == std::vector<std::string>{"whoami"});
}

TEST_CASE("flags are the command's own and the global ones") {
  FakeSources s;
  auto restore = Values(cli::Complete({"restore", "--"}, s));
  CHECK(Has(restore, "--force"));
  CHECK(Has(restore, "--context"));
  CHECK(!Has(Values(cli::Complete({"list", "--"}, s)), "--force"));
  auto dash = Values(cli::Complete({"list", "-"}, s));
  CHECK(Has(dash, "-n"));
  CHECK(Has(dash, "--namespace"));
  // --dry-run takes its value after '=' only: it is offered with the '=' and no space.
  auto dry = cli::Complete({"restore", "--dry-run"}, s);
  CHECK(Values(dry) == std::vector<std::string>{"--dry-run="});
  CHECK((dry.directive & cli::kCompNoSpace) != 0);
}

TEST_CASE("flag values: separate word and --flag=value") {
  FakeSources s;
  CHECK(Values(cli::Complete({"list", "--context", "adm"}, s)) ==
        std::vector<std::string>{"admin", "admin-cert"});
  CHECK(Values(cli::Complete({"list", "--context=sso"}, s)) ==
        std::vector<std::string>{"--context=sso-user"});
  CHECK(Values(cli::Complete({"whoami", "--profile", ""}, s)) ==
        std::vector<std::string>{"default", "dev-sso"});
  CHECK(Values(cli::Complete({"version", "-o", ""}, s)) ==
        std::vector<std::string>{"table", "json", "yaml"});
  CHECK(Values(cli::Complete({"add", "--dry-run=s"}, s)) ==
        std::vector<std::string>{"--dry-run=server"});
  // A file name: the shell completes paths.
  CHECK(cli::Complete({"list", "--kubeconfig", ""}, s).directive == cli::kCompDefault);
}

TEST_CASE("namespaces and backups are asked of the kubeconfig and context typed") {
  FakeSources s;
  auto ns = cli::Complete({"--kubeconfig", "/k", "add", "--context=prod", "-n", "d"}, s);
  CHECK(Values(ns) == std::vector<std::string>{"default", "dev"});
  CHECK(s.asked.back() == "namespaces /k prod");
  auto backups = cli::Complete({"restore", "--context", "admin", ""}, s);
  CHECK(Values(backups) == std::vector<std::string>{"20261130T101500Z-rv9.json",
                                                    "20261129T041503Z-rv8.json", "latest"});
  CHECK((backups.directive & cli::kCompKeepOrder) != 0);
  CHECK(s.asked.back() == "backups admin");
  // restore takes one name: nothing after it.
  CHECK(cli::Complete({"restore", "latest", ""}, s).candidates.empty());
}

TEST_CASE("odd input completes nothing rather than failing") {
  FakeSources s;
  CHECK(cli::Complete({}, s).candidates.size() > 5);
  CHECK(cli::Complete({"nosuch", ""}, s).candidates.empty());
  CHECK(cli::Complete({"list", "--nosuch=x"}, s).candidates.empty());
  // After `--` there are only arguments.
  CHECK(cli::Complete({"list", "--", "--"}, s).candidates.empty());
}

TEST_CASE("PrintCompletions writes cobra's reply") {
  std::ostringstream out;
  cli::PrintCompletions({{{"list", "List mappings\nsecond line"}, {"latest", ""}}, 36}, out);
  CHECK(out.str() == "list\tList mappings\nlatest\n:36\n");
}
