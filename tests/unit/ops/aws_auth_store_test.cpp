// The aws-auth write procedure (DESIGN.md §4) against a fake API server that keeps one
// ConfigMap with optimistic concurrency.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "fake_transport.hpp"
#include "kube/client.hpp"
#include "ops/aws_auth_store.hpp"

using namespace ssomap;
using nlohmann::json;

namespace {

struct Token final : kube::CredentialSource {
  kube::Credential Get(bool) override {
    kube::Credential c;
    c.token = "t";
    return c;
  }
  bool Refreshable() const override { return false; }
};

json Status(long code, const std::string& reason) {
  return {{"kind", "Status"},  {"apiVersion", "v1"}, {"status", "Failure"},
          {"message", reason}, {"reason", reason},   {"code", code}};
}

// One ConfigMap kube-system/aws-auth, PUT conditioned on resourceVersion, POST when missing.
struct FakeApi {
  std::optional<json> stored;
  int version = 100;
  int conflicts_to_inject = 0;            // PUTs answered 409 after `before_conflict` ran
  std::function<void()> before_conflict;  // another writer changes the object
  std::vector<std::string> log;           // "GET", "PUT rv=..", "POST"

  void Set(const std::map<std::string, std::string>& data) {
    stored = json{{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata",
                   {{"name", "aws-auth"},
                    {"namespace", "kube-system"},
                    {"resourceVersion", std::to_string(++version)}}},
                  {"data", data}};
  }

  net::Response Handle(const net::Request& r) {
    const bool dry = r.url.find("dryRun=All") != std::string::npos;
    if (r.method == "GET") {
      log.push_back("GET");
      if (!stored) return {404, {}, Status(404, "NotFound").dump()};
      return {200, {}, stored->dump()};
    }
    auto body = json::parse(r.body);
    if (r.method == "POST") {
      log.push_back(dry ? "POST dry" : "POST");
      if (stored) return {409, {}, Status(409, "AlreadyExists").dump()};
      body["metadata"]["resourceVersion"] = std::to_string(version + 1);
      if (!dry) {
        ++version;
        stored = body;
      }
      return {201, {}, body.dump()};
    }
    const auto rv = body["metadata"].value("resourceVersion", "");
    log.push_back((dry ? "PUT dry rv=" : "PUT rv=") + rv);
    if (!stored) return {404, {}, Status(404, "NotFound").dump()};
    if (conflicts_to_inject > 0) {
      --conflicts_to_inject;
      if (before_conflict) before_conflict();
      return {409, {}, Status(409, "Conflict").dump()};
    }
    if (rv != (*stored)["metadata"]["resourceVersion"])
      return {409, {}, Status(409, "Conflict").dump()};
    body["metadata"]["resourceVersion"] = std::to_string(version + 1);
    if (!dry) {
      ++version;
      stored = body;
    }
    return {200, {}, body.dump()};
  }
};

struct Fixture {
  FakeApi api;
  testing::FakeTransport transport{[this](const net::Request& r) { return api.Handle(r); }};
  std::unique_ptr<kube::Client> client;
  std::filesystem::path dir;
  ops::BackupStore backups{"", {"https://api.test", "", "ctx"}, "test"};
  std::vector<std::chrono::milliseconds> sleeps;

  Fixture() {
    kube::ClientSettings settings;
    settings.endpoint.server = "https://api.test";
    client = std::make_unique<kube::Client>(settings, transport, std::make_unique<Token>());
    char tmpl[] = "/tmp/ssomap-store-XXXXXX";
    dir = mkdtemp(tmpl);
    backups = ops::BackupStore(dir / "backups", {"https://api.test", "", "ctx"}, "test");
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  ops::WriteSeams Seams() {
    return {
        *client,
        &backups,
        "arn:aws:eks:us-east-2:123456789999:cluster/dev",
        [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000)); },
        [this](std::chrono::milliseconds d) { sleeps.push_back(d); },
        [] { return 0.999; },
        {}};
  }
};

const std::string kNode =
    "- rolearn: arn:aws:iam::1:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  "
    "groups:\n"
    "    - system:nodes\n";
const std::string kMine =
    "- rolearn: arn:aws:iam::1:role/mine\n  username: me\n  groups:\n    - g\n";
const std::string kOther =
    "- rolearn: arn:aws:iam::1:role/other\n  username: o\n  groups:\n    - g\n";

// Appends kMine unless present: the shape of a real plan (made on what was read).
ops::PlannedData AppendMine(const awsauth::Data& current) {
  auto data = current;
  const bool present = data["mapRoles"].find(kMine) != std::string::npos;
  if (!present) data["mapRoles"] += kMine;
  return {data, present};
}

void ConfirmMine(const awsauth::Data& stored) {
  if (stored.at("mapRoles").find(kMine) == std::string::npos) throw Error("not there");
}

}  // namespace

TEST_CASE("a write reads, backs up, PUTs with the resourceVersion read, and reads back") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}, {"mapUsers", ""}});
  const auto result = ops::WriteAwsAuth(AppendMine, ConfirmMine, {}, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});
  CHECK(result.written);
  CHECK(result.attempts == 1);
  CHECK(result.after.at("mapRoles") == kNode + kMine);
  CHECK(result.after.at("mapUsers").empty());
  REQUIRE(result.backup);
  CHECK(result.backup->name == "20260921T141320Z-rv101.json");
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
      ConfirmMine, {}, f.Seams());
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
  CHECK_THROWS_WITH_AS(ops::WriteAwsAuth(AppendMine, ConfirmMine, options, f.Seams()),
                       doctest::Contains("gave up after 5 attempts"), Error);
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
  CHECK(f.sleeps.size() == 4);
}

TEST_CASE("a missing aws-auth is created; one created meanwhile is re-read and updated") {
  SUBCASE("created") {
    Fixture f;
    const auto result = ops::WriteAwsAuth(AppendMine, ConfirmMine, {}, f.Seams());
    CHECK(f.api.log == std::vector<std::string>{"GET", "POST", "GET"});
    CHECK(result.created);
    CHECK(!result.backup);
    CHECK((*f.api.stored)["data"]["mapRoles"] == kMine);
    CHECK((*f.api.stored)["metadata"]["namespace"] == "kube-system");
  }
  SUBCASE("AlreadyExists") {
    Fixture f;
    bool first = true;
    f.transport.SetHandler([&](const net::Request& r) {
      if (first && r.method == "GET") {
        first = false;
        return net::Response{404, {}, Status(404, "NotFound").dump()};
      }
      return f.api.Handle(r);
    });
    f.api.Set({{"mapRoles", kNode}});
    const auto result = ops::WriteAwsAuth(AppendMine, ConfirmMine, {}, f.Seams());
    CHECK(f.api.log == std::vector<std::string>{"POST", "GET", "PUT rv=101", "GET"});
    CHECK(!result.created);
    CHECK((*f.api.stored)["data"]["mapRoles"] == kNode + kMine);
  }
}

TEST_CASE("nothing to change: no write, no backup") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode + kMine}});
  const auto result = ops::WriteAwsAuth(AppendMine, ConfirmMine, {}, f.Seams());
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
  auto result = ops::WriteAwsAuth(AppendMine, ConfirmMine, options, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET"});
  CHECK(result.after.at("mapRoles") == kNode + kMine);
  options.dry_run = ops::DryRunMode::kServer;
  result = ops::WriteAwsAuth(AppendMine, ConfirmMine, options, f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "GET", "PUT dry rv=101"});
  CHECK(result.after.at("mapRoles") == kNode + kMine);
  CHECK(!result.written);
  CHECK(!result.backup);
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
}

TEST_CASE("a refusal while planning writes nothing") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  const auto refuse = [](const awsauth::Data&) -> ops::PlannedData {
    throw Error("would drop the node role", "", Exit::kRefused);
  };
  CHECK_THROWS_AS(ops::WriteAwsAuth(refuse, ConfirmMine, {}, f.Seams()), Error);
  CHECK(f.api.log == std::vector<std::string>{"GET"});
}

TEST_CASE("a backup that cannot be saved stops the write") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  std::ofstream(f.dir / "backups") << "a file, not a directory";
  CHECK_THROWS_WITH_AS(ops::WriteAwsAuth(AppendMine, ConfirmMine, {}, f.Seams()),
                       doctest::Contains("cannot save a backup"), Error);
  CHECK(f.api.log == std::vector<std::string>{"GET"});
}

TEST_CASE("a read-back without the change is an error") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  CHECK_THROWS_WITH_AS(
      ops::WriteAwsAuth(
          AppendMine, [](const awsauth::Data&) { throw Error("mapping missing"); }, {}, f.Seams()),
      doctest::Contains("reading it back"), Error);
}

TEST_CASE("the data as it is diffed") {
  CHECK(ops::DataForDiff({{"mapRoles", "- a\n\n- b\n"}, {"mapUsers", ""}}) ==
        "mapRoles: |\n  - a\n\n  - b\nmapUsers: |\n");
}
