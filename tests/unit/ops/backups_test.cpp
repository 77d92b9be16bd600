// The backup store (issue 11 §2, §3, §7): keyed by the cluster, verified by HMAC, never trusting
// planted or future-dated files, pruned, private on disk.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "ops/backup_file.hpp"
#include "ops/backups.hpp"
#include "ops/restore.hpp"
#include "temp_dir.hpp"

using namespace ssomap;
using nlohmann::json;
using ssomap::testing::Mode;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

namespace fs = std::filesystem;

const std::string kNode =
    "- rolearn: arn:aws:iam::1:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  "
    "groups:\n    - system:nodes\n";
const std::string kMine =
    "- rolearn: arn:aws:iam::1:role/mine\n  username: me\n  groups:\n    - g\n";
const auto kT0 = std::chrono::system_clock::time_point(seconds(1'790'000'000));  // 2026-09-21

json ConfigMap(const std::string& rv, const std::string& roles, const std::string& uid = "u-1") {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"resourceVersion", rv}, {"uid", uid}}},
          {"data", {{"mapRoles", roles}}}};
}

struct Dir {
  testing::TempDir temp;
  const fs::path& path = temp.path();
  ops::BackupStore Store(const std::string& server = "https://dev.example:443", int keep = 50) {
    return ops::BackupStore(path / "b", {server, "", "admin"}, "9.9.9", keep);
  }
};

}  // namespace

TEST_CASE("a backup records where it came from and loads back verified") {
  Dir d;
  const auto store = d.Store();
  const auto saved = store.Save("admin", ConfigMap("7", kNode), kT0);
  // <UTC time>-rv<resourceVersion>-<16 hex digits of HMAC of the rest>.json
  REQUIRE(saved.name.size() == std::string("20260921T141320Z-rv7-0123456789abcdef.json").size());
  CHECK(saved.name.rfind("20260921T141320Z-rv7-", 0) == 0);
  CHECK(saved.name.find_first_not_of("0123456789abcdef", 21) == saved.name.size() - 5);
  CHECK(Mode(saved.path) == 0600);
  CHECK(Mode(saved.path.parent_path()) == 0700);
  CHECK(Mode(d.path / "b" / ".backup-key") == 0600);
  const auto [backup, cm] = store.Load("latest", kT0);
  CHECK(backup.trusted());
  CHECK(backup.provenance.cluster.server == "https://dev.example:443");
  CHECK(backup.provenance.cluster.context == "admin");
  CHECK(backup.provenance.uid == "u-1");
  CHECK(backup.provenance.resource_version == "7");
  CHECK(backup.provenance.taken_at == "2026-09-21T14:13:20.000Z");
  CHECK(backup.provenance.tool_version == "9.9.9");
  CHECK(backup.mappings == 1);
  CHECK(cm == ConfigMap("7", kNode));
}

TEST_CASE("regression: two contexts named admin on two clusters share no backups") {
  Dir d;
  d.Store("https://dev.example").Save("admin", ConfigMap("7", kNode + kMine), kT0);
  const auto staging = d.Store("https://staging.example");
  CHECK(staging.List(kT0).empty());
  CHECK_THROWS_WITH_AS(staging.Load("latest", kT0),
                       doctest::Contains("no trusted aws-auth backup of cluster "
                                         "https://staging.example"),
                       Error);
  // The server is the key, whatever the spelling of its case or trailing slash.
  CHECK(d.Store("HTTPS://DEV.example/").List(kT0).size() == 1);
}

TEST_CASE("regression: a planted file never becomes latest, and is refused by name") {
  Dir d;
  const auto store = d.Store();
  const auto genuine = store.Save("admin", ConfigMap("7", kNode), kT0);
  // The old format, a forged HMAC, and another user's key would all be "newer".
  std::ofstream(store.ClusterDir() / "29990101T000000Z-rv1.json") << ConfigMap("1", kMine).dump();
  auto forged = json::parse(ops::EncodeBackup({}, ConfigMap("2", kMine), "not the key"));
  std::ofstream(store.ClusterDir() / "29990101T000000Z-rv2.json") << forged.dump();
  fs::permissions(store.ClusterDir() / "29990101T000000Z-rv1.json",
                  fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(store.ClusterDir() / "29990101T000000Z-rv2.json",
                  fs::perms::owner_read | fs::perms::owner_write);
  const auto list = store.List(kT0);
  REQUIRE(list.size() == 3);
  CHECK(list[0].name == genuine.name);
  CHECK(!list[1].trusted());
  CHECK(!list[2].trusted());
  CHECK(store.Load("latest", kT0).first.name == genuine.name);
  for (const auto* name : {"29990101T000000Z-rv1.json", "29990101T000000Z-rv2"}) {
    try {
      store.Load(name, kT0);
      FAIL("a planted backup loaded");
    } catch (const Error& e) {
      CHECK(e.exit() == Exit::kRefused);
      CHECK(std::string(e.what()).find("cannot be trusted") != std::string::npos);
    }
  }
  // A file readable by others, or a symlink to a genuine one, is not trusted either.
  fs::permissions(genuine.path, fs::perms::group_read, fs::perm_options::add);
  CHECK(store.List(kT0)[2].untrusted == "the file has mode 0640, not 0600");
  fs::permissions(genuine.path, fs::perms::group_read, fs::perm_options::remove);
  fs::create_symlink(genuine.path, store.ClusterDir() / "20990101T000000Z-rv3.json");
  CHECK_THROWS_WITH_AS(store.Load("20990101T000000Z-rv3.json", kT0),
                       doctest::Contains("is a symbolic link"), Error);
}

TEST_CASE("an edited backup no longer verifies") {
  Dir d;
  const auto store = d.Store();
  const auto saved = store.Save("admin", ConfigMap("7", kNode), kT0);
  auto file = json::parse(files::Read(saved.path));
  file["configMap"]["data"]["mapRoles"] = kNode + kMine;
  std::ofstream(saved.path) << file.dump();
  CHECK_THROWS_WITH_AS(store.Load("latest", kT0), doctest::Contains("no trusted aws-auth backup"),
                       Error);
  CHECK(store.List(kT0)[0].untrusted.find("HMAC does not verify") != std::string::npos);
}

TEST_CASE("a backup dated in the future is never latest, but loads by name") {
  Dir d;
  const auto store = d.Store();
  const auto now_one = store.Save("admin", ConfigMap("7", kNode), kT0);
  const auto ahead = store.Save("admin", ConfigMap("8", kNode + kMine), kT0 + hours(3));
  const auto list = store.List(kT0);
  CHECK(list[0].name == ahead.name);
  CHECK(list[0].future);
  CHECK(store.Load("latest", kT0).first.name == now_one.name);
  CHECK(store.Load(ahead.name, kT0).first.name == ahead.name);
  CHECK(store.Load("latest", kT0 + hours(3)).first.name == ahead.name);
}

TEST_CASE("the backup key must be ours and private") {
  Dir d;
  const auto store = d.Store();
  store.Save("admin", ConfigMap("7", kNode), kT0);
  fs::permissions(d.path / "b" / ".backup-key", fs::perms::others_read, fs::perm_options::add);
  try {
    store.Save("admin", ConfigMap("8", kNode), kT0);
    FAIL("saved with a readable key");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
    CHECK(std::string(e.what()).find("has mode 0604") != std::string::npos);
  }
}

TEST_CASE("prune keeps the newest N and the oldest backup of each day") {
  Dir d;
  const auto store = d.Store("https://dev.example", 2);
  std::vector<std::string> names;
  for (int i = 0; i < 6; ++i)  // three days, two backups each
    names.push_back(
        store.Save("admin", ConfigMap(std::to_string(i), kNode), kT0 + hours(12 * i)).name);
  std::vector<std::string> kept;
  for (const auto& b : store.List(kT0 + hours(100))) kept.push_back(b.name);
  std::sort(kept.begin(), kept.end());
  // 12 h steps from 09-21 14:13: days 21 [0], 22 [1, 2], 23 [3, 4], 24 [5]; newest two: 4, 5.
  CHECK(kept == std::vector<std::string>{names[0], names[1], names[3], names[4], names[5]});
}

// Before: Prune read and verified every backup kept on each write (50 by default): add at
// 5,000 entries spent ~190 ms CPU on it. Now it goes by the names this tool signed.
TEST_CASE("prune goes by the names it signed: it reads no backup, and leaves other files") {
  Dir d;
  const auto store = d.Store("https://dev.example", 1);
  const auto first = store.Save("admin", ConfigMap("1", kNode), kT0);
  // Files whose names are not signed: planted, an older version's, renamed. Newer by name.
  for (const char* name :
       {"20990101T000000Z-rv9.json", "20990101T000000Z-rv9-0123456789abcdef.json"})
    std::ofstream(store.ClusterDir() / name) << "{}";
  const auto second = store.Save("admin", ConfigMap("2", kNode), kT0 + seconds(60));
  // The content is never read: a backup whose content no longer verifies is pruned by its name
  // (before, it was read, found untrusted, and kept forever).
  std::ofstream(second.path, std::ios::trunc) << "not read";
  const auto third = store.Save("admin", ConfigMap("3", kNode), kT0 + seconds(120));
  CHECK(fs::exists(first.path));  // the oldest of its day
  CHECK_FALSE(fs::exists(second.path));
  CHECK(fs::exists(third.path));  // the newest one (keep 1): planted names did not count
  CHECK(fs::exists(store.ClusterDir() / "20990101T000000Z-rv9.json"));
  CHECK(fs::exists(store.ClusterDir() / "20990101T000000Z-rv9-0123456789abcdef.json"));
  CHECK(store.Prune() == 0);
}

TEST_CASE("prune orders backups of the same second by resourceVersion as a number") {
  Dir d;
  const auto store = d.Store("https://dev.example", 2);
  // One second, three writes: rv 9, 10, 11 (as text "rv10" < "rv9").
  const auto a = store.Save("admin", ConfigMap("9", kNode), kT0);
  const auto b = store.Save("admin", ConfigMap("10", kNode), kT0);
  const auto c = store.Save("admin", ConfigMap("11", kNode), kT0);
  const auto e = store.Save("admin", ConfigMap("12", kNode), kT0 + seconds(1));
  CHECK(fs::exists(a.path));  // the oldest of the day
  CHECK_FALSE(fs::exists(b.path));
  CHECK(fs::exists(c.path));  // the newest two: 11 and 12
  CHECK(fs::exists(e.path));
}

// EncodeBackup builds the file's text around one serialisation of the ConfigMap: it must be the
// document nlohmann would write, and decode and verify, whatever the data holds.
TEST_CASE("a backup file is canonical JSON that decodes and verifies, escapes and Unicode too") {
  const std::string data =
      "- rolearn: \"x\\y\"\n  username: caf\xc3\xa9 \xf0\x9f\x94\x91\t\x01</>&\n";
  const ops::Provenance p{{"https://dev.example", "", "ctx \"q\""}, "u-1", "7", "t", "v"};
  const auto text = ops::EncodeBackup(p, ConfigMap("7", data), "key");
  CHECK(text == json::parse(text).dump() + "\n");
  const auto decoded = ops::DecodeBackup(text, "key");
  CHECK(decoded.problem.empty());
  CHECK(decoded.configmap == ConfigMap("7", data));
  CHECK(decoded.provenance.cluster.context == "ctx \"q\"");
  CHECK_FALSE(ops::DecodeBackup(text, "other key").problem.empty());
}

TEST_CASE("a restore guard refuses an object that was replaced") {
  Dir d;
  const auto guard = d.Store().ExpectingUid("u-1");
  CHECK_NOTHROW(guard.Save("admin", ConfigMap("7", kNode, "u-1"), kT0));
  try {
    guard.Save("admin", ConfigMap("9", kNode, "u-2"), kT0);
    FAIL("saved another object");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
  }
}

TEST_CASE("identity mismatches name the cluster and the object") {
  ops::Provenance p;
  p.cluster = {"https://dev", "arn:aws:eks:us-east-2:123456789999:cluster/dev", "admin"};
  p.uid = "u-1";
  CHECK(ops::IdentityMismatches(p, {"https://dev", "", "x"}, "u-1").empty());
  const auto all = ops::IdentityMismatches(
      p, {"https://staging", "arn:aws:eks:us-east-2:123456789999:cluster/staging", "admin"}, "u-2");
  REQUIRE(all.size() == 3);
  CHECK(all[0] == "it was taken on cluster https://dev, this is https://staging");
  CHECK(all[2] == "it is of ConfigMap uid u-1, the live aws-auth is uid u-2");
  CHECK(ops::IdentityMismatches(p, {"https://dev", "", ""}, "")[0] ==
        "it is of ConfigMap uid u-1, the live aws-auth does not exist");
}

TEST_CASE("what a restore grants") {
  awsauth::Data now = {{"mapRoles", kNode}};
  awsauth::Data next = {
      {"mapRoles", kNode +
                       "- rolearn: arn:aws:iam::1:role/Admin\n  username: a\n  groups:\n"
                       "    - system:masters\n" +
                       kMine},
      {"mapAccounts", "- \"210987654321\"\n"}};
  const auto g = ops::WhatItGrants(awsauth::Parse(now), awsauth::Parse(next));
  CHECK(g.new_masters == std::vector<std::string>{"arn:aws:iam::1:role/Admin"});
  CHECK(g.new_identities ==
        std::vector<std::string>{"arn:aws:iam::1:role/Admin", "arn:aws:iam::1:role/mine"});
  CHECK(g.new_accounts == std::vector<std::string>{"210987654321"});
  CHECK(ops::WhatItGrants(awsauth::Parse(next), awsauth::Parse(now)).empty());
}
