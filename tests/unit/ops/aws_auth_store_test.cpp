// The aws-auth write procedure (DESIGN.md §4) against a fake API server that keeps one
// ConfigMap with optimistic concurrency.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "fake_api.hpp"
#include "ops/aws_auth_store.hpp"

using namespace ssomap;
using nlohmann::json;
using testing::ApiStatus;
using testing::Fixture;

namespace {

const std::string kNode =
    "- rolearn: arn:aws:iam::1:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  "
    "groups:\n"
    "    - system:nodes\n";
const std::string kMine =
    "- rolearn: arn:aws:iam::1:role/mine\n  username: me\n  groups:\n    - g\n";
const std::string kOther =
    "- rolearn: arn:aws:iam::1:role/other\n  username: o\n  groups:\n    - g\n";

// Appends kMine unless present: the shape of a real plan (made on what was read).
ops::MappingPlan AppendMine(const awsauth::Data& current) {
  ops::MappingPlan plan;
  plan.data = current;
  const bool present = plan.data["mapRoles"].find(kMine) != std::string::npos;
  if (!present) plan.data["mapRoles"] += kMine;
  plan.action = present ? ops::MappingPlan::Action::kUnchanged : ops::MappingPlan::Action::kAdd;
  plan.mapping = {"arn:aws:iam::1:role/mine", "me", {"g"}};
  return plan;
}

}  // namespace

TEST_CASE("a write reads, backs up, PUTs with the resourceVersion read, and reads back") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}, {"mapUsers", ""}});
  const auto result = ops::WriteAwsAuth(AppendMine, {}, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});
  CHECK(result.written);
  CHECK(result.attempts == 1);
  CHECK(result.after.at("mapRoles") == kNode + kMine);
  CHECK(result.after.at("mapUsers").empty());
  REQUIRE(result.backup);
  CHECK(result.backup->name.rfind("20260921T141320Z-rv101-", 0) == 0);
  CHECK(result.backup->path.parent_path() ==
        f.backups.ClusterDir());  // the cluster's, not the context's
  struct stat st {};
  REQUIRE(stat(result.backup->path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(stat(result.backup->path.parent_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  std::ifstream in(result.backup->path);
  CHECK(json::parse(in)["configMap"]["data"]["mapRoles"] == kNode);
}

TEST_CASE("a 409 re-reads and plans again on what the other writer stored") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  f.api.conflicts_to_inject = 2;
  f.api.before_conflict = [&] {
    f.api.Set({{"mapRoles", (*f.api.stored)["data"]["mapRoles"].get<std::string>() + kOther}});
  };
  int plans = 0;
  const auto result = ops::WriteAwsAuth(
      [&](const awsauth::Data& d) {
        ++plans;
        return AppendMine(d);
      },
      {}, f.Seams());
  CHECK(plans == 3);
  CHECK(result.attempts == 3);
  CHECK(result.after.at("mapRoles") == kNode + kOther + kOther + kMine);
  // Full jitter: each wait is within [0, min(max, base * 2^n)].
  REQUIRE(f.sleeps.size() == 2);
  CHECK(f.sleeps[0] <= std::chrono::milliseconds(25));
  CHECK(f.sleeps[1] <= std::chrono::milliseconds(50));
  CHECK(f.sleeps[1] > std::chrono::milliseconds(40));
}

TEST_CASE("endless conflicts end in one clear error, nothing written") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  f.api.conflicts_to_inject = 1000;
  ops::WriteOptions options;
  options.max_attempts = 5;
  CHECK_THROWS_WITH_AS(ops::WriteAwsAuth(AppendMine, options, f.Seams()),
                       doctest::Contains("gave up after 5 attempts"), Error);
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
  CHECK(f.sleeps.size() == 4);
}

TEST_CASE("a missing aws-auth is created; one created meanwhile is re-read and updated") {
  SUBCASE("created") {
    Fixture f;
    const auto result = ops::WriteAwsAuth(AppendMine, {}, f.Seams());
    CHECK(f.api.log == std::vector<std::string>{"GET", "POST", "GET"});
    CHECK(result.created);
    CHECK(!result.backup);
    CHECK((*f.api.stored)["data"]["mapRoles"] == kMine);
    CHECK((*f.api.stored)["metadata"]["namespace"] == "kube-system");
  }
  SUBCASE("AlreadyExists") {
    Fixture f;
    bool first = true;
    f.transport.handler = [&](const net::Request& r) {
      if (first && r.method == "GET") {
        first = false;
        return net::Response{404, {}, ApiStatus(404, "NotFound").dump()};
      }
      return f.api.Handle(r);
    };
    f.api.Set({{"mapRoles", kNode}});
    const auto result = ops::WriteAwsAuth(AppendMine, {}, f.Seams());
    CHECK(f.api.log == std::vector<std::string>{"POST", "GET", "PUT rv=101", "GET"});
    CHECK(!result.created);
    CHECK((*f.api.stored)["data"]["mapRoles"] == kNode + kMine);
  }
}

TEST_CASE("nothing to change: no write, no backup") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode + kMine}});
  const auto result = ops::WriteAwsAuth(AppendMine, {}, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET"});
  CHECK(!result.written);
  CHECK(!result.backup);
  CHECK(f.backups.List(std::chrono::system_clock::now()).empty());
}

TEST_CASE("dry runs write nothing") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  ops::WriteOptions options;
  options.dry_run = ops::DryRunMode::kClient;
  auto result = ops::WriteAwsAuth(AppendMine, options, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET"});
  CHECK(result.after.at("mapRoles") == kNode + kMine);
  options.dry_run = ops::DryRunMode::kServer;
  result = ops::WriteAwsAuth(AppendMine, options, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "GET", "PUT dry rv=101"});
  CHECK(result.after.at("mapRoles") == kNode + kMine);
  CHECK(!result.written);
  CHECK(!result.backup);
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
}

TEST_CASE("a refusal while planning writes nothing") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  const auto refuse = [](const awsauth::Data&) -> ops::MappingPlan {
    throw Error("would drop the node role", "", Exit::kRefused);
  };
  CHECK_THROWS_AS(ops::WriteAwsAuth(refuse, {}, f.Seams()), Error);
  CHECK(f.api.log == std::vector<std::string>{"GET"});
}

TEST_CASE("a backup that cannot be saved stops the write") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  std::ofstream(f.dir / "backups") << "a file, not a directory";
  CHECK_THROWS_WITH_AS(ops::WriteAwsAuth(AppendMine, {}, f.Seams()),
                       doctest::Contains("cannot save a backup"), Error);
  CHECK(f.api.log == std::vector<std::string>{"GET"});
}

TEST_CASE("a read-back without the change is an error") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  // Another writer replaces the data right after our PUT.
  f.transport.handler = [&](const net::Request& r) {
    auto response = f.api.Handle(r);
    if (r.method == "PUT") f.api.Set({{"mapRoles", kNode + kOther}});
    return response;
  };
  CHECK_THROWS_WITH_AS(ops::WriteAwsAuth(AppendMine, {}, f.Seams()),
                       doctest::Contains("reading it back shows another change: "
                                         "arn:aws:iam::1:role/mine is not mapped"),
                       Error);
}

TEST_CASE("ConfirmPlan: the winning entry as planned, one entry fewer, or the backup's data") {
  auto plan = AppendMine({{"mapRoles", kNode}});
  CHECK_NOTHROW(ops::ConfirmPlan(plan.data, plan));
  // Other bytes, same winning entry: confirmed.
  CHECK_NOTHROW(ops::ConfirmPlan({{"mapRoles", kOther + kNode + kMine}}, plan));
  CHECK_THROWS_WITH(ops::ConfirmPlan({{"mapRoles", kNode}}, plan),
                    "arn:aws:iam::1:role/mine is not mapped");
  CHECK_THROWS_WITH(ops::ConfirmPlan({{"mapRoles", kNode + kMine +
                                                       "- rolearn: arn:aws:iam::1:role/mine\n"
                                                       "  username: x\n  groups:\n    - z\n"}},
                                     plan),
                    "arn:aws:iam::1:role/mine maps to username x, groups [z]");
  ops::MappingPlan removal;
  removal.action = ops::MappingPlan::Action::kRemove;
  removal.mapping = {"arn:aws:iam::1:role/mine", "me", {"g"}};
  removal.data = {{"mapRoles", kNode}};
  CHECK_NOTHROW(ops::ConfirmPlan({{"mapRoles", kOther + kNode}}, removal));
  CHECK_THROWS_WITH(ops::ConfirmPlan({{"mapRoles", kNode + kMine}}, removal),
                    "arn:aws:iam::1:role/mine is still mapped");
  ops::MappingPlan restore;
  restore.action = ops::MappingPlan::Action::kRestore;
  restore.data = {{"mapRoles", kNode}};
  CHECK_NOTHROW(ops::ConfirmPlan({{"mapRoles", kNode}}, restore));
  CHECK_THROWS_WITH(ops::ConfirmPlan({{"mapRoles", kNode + kMine}}, restore),
                    "aws-auth differs from the backup");
}

TEST_CASE("the data as it is diffed") {
  CHECK(ops::DataForDiff({{"mapRoles", "- a\n\n- b\n"}, {"mapUsers", ""}}) ==
        "mapRoles: |\n  - a\n\n  - b\nmapUsers: |\n");
}
