// Issue 11 §4: a write whose reply is lost is never sent again blindly. Through the production
// transport stack (RetryingTransport over the recording fake) and the fake API server: aws-auth
// is read again and the intent planned on it; the outcome is applied (confirmed by that read),
// not applied, or unknown (Exit::kUnknown).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "fake_api.hpp"
#include "net/retry.hpp"
#include "ops/change.hpp"

using namespace ssomap;

namespace {

const std::string& kNode = testing::kNodeEntry;
const std::string& kDev = testing::kDevRole;
const std::string kDevEntry = "- rolearn: " + kDev + "\n  username: d\n  groups:\n    - g\n";

// The fixture's client over a RetryingTransport (no sleeping), as the CLI builds it; `lose`
// decides per request whether the server applies it and then drops the connection ("after"),
// drops it unapplied ("before"), or answers ("").
struct LostReplies : testing::Fixture {
  net::RetryingTransport retrying{
      transport, {}, [](std::chrono::milliseconds) {}, [] { return 0.0; }};
  std::function<std::string(const net::Request&)> lose = [](const net::Request&) { return ""; };

  LostReplies() {
    kube::ClientSettings settings;
    settings.endpoint.server = "https://api.test";
    client = std::make_unique<kube::Client>(
        settings, retrying, std::make_unique<kube::StaticCredentialSource>(testing::Bearer()));
    transport.handler = [this](const net::Request& r) {
      const auto how = lose(r);
      if (how == "before") throw net::TransportError(net::FailureKind::kDropped, "reset");
      auto response = api.Handle(r);
      if (how == "after") throw net::TransportError(net::FailureKind::kDropped, "reset");
      if (how == "502") return net::Response{502, {}, "<html>Bad Gateway</html>"};
      return response;
    };
  }
  // The first `n` writes are lost `how`.
  void LoseWrites(int n, std::string how) {
    lose = [n, how](const net::Request& r) mutable {
      if (r.method == "GET" || n <= 0) return std::string();
      --n;
      return how;
    };
  }
  long Entries(const std::string& arn) const {
    const auto roles = (*api.stored)["data"]["mapRoles"].get<std::string>();
    long count = 0;
    for (auto at = roles.find(arn); at != std::string::npos; at = roles.find(arn, at + 1)) ++count;
    return count;
  }
};

ops::AddRequest AddDev() {
  ops::AddRequest request;
  request.identity = aws::AwsAuthForm(kDev);
  request.grant.groups = {"g"};
  request.grant.username = "d";
  return request;
}

ops::RemoveRequest RemoveDev() { return {aws::AwsAuthForm(kDev), kDev, ops::DryRunMode::kNone}; }

// The error `ops::Add(AddDev())` must end with.
Error AddFails(LostReplies& f) {
  try {
    ops::Add(AddDev(), f.Seams());
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error");
  return Error("");
}

}  // namespace

// Regression (issue 11 §4): the transport sent the PUT again, met a 409 on its own change, and
// `remove` planned again on the new document: both entries of the duplicated ARN went, exit 0.
TEST_CASE(
    "remove of a duplicated ARN whose reply is lost removes one entry, confirmed by reading") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode + kDevEntry + kDevEntry}});
  f.LoseWrites(1, "after");
  const auto result = ops::Remove(RemoveDev(), f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});
  CHECK(f.Entries(kDev) == 1);
  CHECK(result.write.written);
  CHECK(result.write.confirmed_by_reread);
  CHECK(result.write.plan.action == ops::MappingPlan::Action::kRemove);
  CHECK(result.write.lost_replies == 1);
  CHECK(result.write.last_lost.find("reset") != std::string::npos);
}

// Regression (issue 11 §4): a late-landing add said "unchanged" and "applied after 2 attempts".
TEST_CASE("add whose reply is lost is applied, confirmed by reading; never sent twice") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode}});
  f.LoseWrites(1, "after");
  const auto result = ops::Add(AddDev(), f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});
  CHECK(f.Entries(kDev) == 1);
  CHECK(result.write.confirmed_by_reread);
  CHECK(result.write.plan.action == ops::MappingPlan::Action::kAdd);
  CHECK(result.write.conflicts == 0);
}

TEST_CASE("a proxy's 5xx after the write was stored: not sent again, confirmed by reading") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode + kDevEntry + kDevEntry}});
  f.LoseWrites(1, "502");
  const auto result = ops::Remove(RemoveDev(), f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});
  CHECK(f.Entries(kDev) == 1);
  CHECK(result.write.confirmed_by_reread);
  CHECK(result.write.last_lost == "HTTP 502");
}

TEST_CASE("a reset before the server applied: aws-auth unchanged, so it is written again") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode + kDevEntry + kDevEntry}});
  f.LoseWrites(1, "before");
  const auto result = ops::Remove(RemoveDev(), f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "GET", "PUT rv=101", "GET"});
  CHECK(f.Entries(kDev) == 1);
  CHECK(result.write.written);
  CHECK(!result.write.confirmed_by_reread);
  CHECK(result.write.lost_replies == 1);
  CHECK(result.write.attempts == 2);
}

TEST_CASE("writes that never get an answer and leave aws-auth as it was: not applied") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode}});
  f.LoseWrites(100, "before");
  const auto e = AddFails(f);
  CHECK(e.exit() == Exit::kError);
  CHECK(std::string(e.what()).rfind("not applied: 4 writes of aws-auth got no answer", 0) == 0);
  CHECK(f.Entries(kDev) == 0);
  CHECK(std::count(f.api.log.begin(), f.api.log.end(), "GET") == 5);  // PUTs never reached it
}

TEST_CASE("the reply is lost and aws-auth cannot be read again: the outcome is unknown") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode}});
  bool wrote = false;
  f.lose = [&wrote](const net::Request& r) {
    if (r.method != "GET") {
      wrote = true;
      return std::string("after");
    }
    return std::string(wrote ? "before" : "");
  };
  const auto e = AddFails(f);
  CHECK(e.exit() == Exit::kUnknown);
  CHECK(std::string(e.what()).rfind("outcome unknown: the reply to the write", 0) == 0);
  CHECK(e.hint().find("kubectl ssomap list") != std::string::npos);
  CHECK(f.Entries(kDev) == 1);  // it did land
}

// A rival rewrites the entry just written before the re-read: the intent is refused on what is
// there now, and whether this write landed cannot be told. Before: exit 3, "already mapped".
TEST_CASE("the reply is lost and a rival changed the entry meanwhile: the outcome is unknown") {
  LostReplies f;
  f.api.Set({{"mapRoles", kNode}});
  f.transport.handler = [&f](const net::Request& r) {
    auto response = f.api.Handle(r);
    if (r.method == "PUT") {
      auto roles = (*f.api.stored)["data"]["mapRoles"].get<std::string>();
      roles.replace(roles.find("    - g\n"), 8, "    - rival\n");
      f.api.Set({{"mapRoles", roles}});
      throw net::TransportError(net::FailureKind::kDropped, "reset");
    }
    return response;
  };
  const auto e = AddFails(f);
  CHECK(e.exit() == Exit::kUnknown);
  CHECK(std::string(e.what()).rfind("outcome unknown: the reply to the write", 0) == 0);
  CHECK(std::string(e.what()).find("refuses the change") != std::string::npos);
  CHECK(e.hint().find("check with `kubectl ssomap list`") != std::string::npos);
  CHECK(f.Entries(kDev) == 1);
}

// Regression: after a 409, `remove` planned `--arn X` again and took the ARN's other entry when
// the rival had removed the targeted one.
TEST_CASE("remove planned again after a conflict removes only the entry it first targeted") {
  const std::string other = "- rolearn: " + kDev + "\n  username: other\n  groups:\n    - o\n";
  SUBCASE("the rival removed it: nothing more is removed") {
    LostReplies f;
    f.api.Set({{"mapRoles", kNode + other + kDevEntry}});  // the last entry wins: kDevEntry
    f.api.conflicts_to_inject = 1;
    f.api.before_conflict = [&] { f.api.Set({{"mapRoles", kNode + other}}); };
    const auto result = ops::Remove(RemoveDev(), f.Seams());
    CHECK(result.write.plan.action == ops::MappingPlan::Action::kUnchanged);
    CHECK((*f.api.stored)["data"]["mapRoles"] == kNode + other);
  }
  SUBCASE("the rival changed something else: exactly that entry goes") {
    LostReplies f;
    f.api.Set({{"mapRoles", kNode + other + kDevEntry}});
    f.api.conflicts_to_inject = 1;
    f.api.before_conflict = [&] { f.api.Set({{"mapRoles", kNode + kDevEntry + other}}); };
    const auto result = ops::Remove(RemoveDev(), f.Seams());
    CHECK(result.write.plan.action == ops::MappingPlan::Action::kRemove);
    CHECK((*f.api.stored)["data"]["mapRoles"] == kNode + other);
  }
}
