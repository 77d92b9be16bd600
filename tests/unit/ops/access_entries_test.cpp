// AddAccessEntry / RemoveAccessEntry / ListAccessEntries against an in-memory EKS: the calls made,
// idempotence (a re-run changes nothing), --overwrite, dry runs, node entries refused, read-back.
#include <doctest/doctest.h>

#include "aws/eks.hpp"
#include "core/error.hpp"
#include "fake_eks.hpp"
#include "ops/access_entries.hpp"

using namespace ssomap;

namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1700000000);
const aws::Credentials kAdmin{"AKIDADMIN", "secret", "", std::nullopt, "sso"};
const std::string kRole =
    "arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/us-east-2/"
    "AWSReservedSSO_AdministratorAccess_7ab3e61f0c92d448";

struct World {
  testing::FakeEks fake;
  aws::EksClient eks{fake.transport, "https://eks.us-east-2.amazonaws.com", "us-east-2",
                     [] { return kNow; }};
  std::vector<std::chrono::milliseconds> waits;
  ops::EksSeams seams{eks, kAdmin, [this](std::chrono::milliseconds d) { waits.push_back(d); }};
};

ops::AddEntryRequest ViewInDev(bool overwrite = false, bool dry_run = false) {
  ops::AddEntryRequest r;
  r.cluster = "prod";
  r.entry.principal_arn = kRole;
  r.entry.username = "sso:AdministratorAccess:{{SessionName}}";
  r.policies = {{"AmazonEKSViewPolicy", {aws::AccessScope::Type::kNamespace, {"dev"}}}};
  r.overwrite = overwrite;
  r.dry_run = dry_run;
  return r;
}

std::vector<std::string> Writes(const testing::FakeEks& fake) {
  std::vector<std::string> out;
  for (const auto& call : fake.Calls()) {
    if (!call.starts_with("GET ")) out.push_back(call);
  }
  return out;
}

}  // namespace

TEST_CASE("add: creates the entry, associates the policy by the ARN EKS gives, reads back") {
  World w;
  auto result = ops::AddAccessEntry(ViewInDev(), w.seams);
  CHECK(result.changed);
  REQUIRE(result.steps.size() == 2);
  CHECK(result.steps[0].Line().starts_with("CreateAccessEntry: " + kRole));
  CHECK(result.steps[1].Line() ==
        "AssociateAccessPolicy: arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy "
        "namespace:dev");
  CHECK(Writes(w.fake) == std::vector<std::string>{
                              "POST /clusters/prod/access-entries",
                              "POST /clusters/prod/access-entries/" + kRole + "/access-policies"});
  const auto& stored = w.fake.entries.at(kRole);
  CHECK(stored.entry["username"] == "sso:AdministratorAccess:{{SessionName}}");
  CHECK(stored.scopes.at(w.fake.PolicyArn("AmazonEKSViewPolicy"))["namespaces"] ==
        nlohmann::json{"dev"});
  CHECK(w.fake.Calls().back() == "GET /clusters/prod/access-entries/" + kRole + "/access-policies");
}

TEST_CASE("add is idempotent: the second run writes nothing and says unchanged") {
  World w;
  ops::AddAccessEntry(ViewInDev(), w.seams);
  const auto writes = Writes(w.fake).size();
  auto again = ops::AddAccessEntry(ViewInDev(), w.seams);
  CHECK_FALSE(again.changed);
  CHECK(Writes(w.fake).size() == writes);
  REQUIRE(again.steps.size() == 2);
  CHECK(again.steps[0].Line().ends_with("unchanged"));
  CHECK(again.steps[1].Line() ==
        "policy arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy namespace:dev "
        "unchanged");
}

TEST_CASE("add: a differing entry or scope is kept without --overwrite, updated with it") {
  World w;
  w.fake.Put(kRole, {"old-group"}, "STANDARD", "someone");
  w.fake.entries[kRole].scopes[w.fake.PolicyArn("AmazonEKSViewPolicy")] = {{"type", "cluster"}};
  auto kept = ops::AddAccessEntry(ViewInDev(), w.seams);
  CHECK(kept.kept_differences);
  CHECK_FALSE(kept.changed);
  CHECK(Writes(w.fake).empty());
  CHECK(kept.steps[1].Line().find("cluster kept as it is (it differs; --overwrite updates it)") !=
        std::string::npos);

  auto updated = ops::AddAccessEntry(ViewInDev(true), w.seams);
  CHECK(updated.changed);
  CHECK(Writes(w.fake) == std::vector<std::string>{
                              "POST /clusters/prod/access-entries/" + kRole,
                              "POST /clusters/prod/access-entries/" + kRole + "/access-policies"});
  CHECK(w.fake.entries[kRole].entry["kubernetesGroups"] == nlohmann::json::array());
  CHECK(w.fake.entries[kRole].entry["username"] == "sso:AdministratorAccess:{{SessionName}}");
}

TEST_CASE("add --dry-run reads only and says what it would do") {
  World w;
  auto result = ops::AddAccessEntry(ViewInDev(false, true), w.seams);
  CHECK(result.changed);
  CHECK(Writes(w.fake).empty());
  CHECK(w.fake.entries.empty());
  CHECK(result.steps[0].Line().starts_with("CreateAccessEntry (dry run): "));
}

TEST_CASE("add: an unknown policy name lists EKS's; a node entry is refused; nothing written") {
  World w;
  auto request = ViewInDev();
  request.policies[0].policy_name = "AmazonEKSViewer";
  CHECK_THROWS_WITH_AS(ops::AddAccessEntry(request, w.seams),
                       "EKS has no access policy named 'AmazonEKSViewer'; it has: "
                       "AmazonEKSClusterAdminPolicy, AmazonEKSViewPolicy, AmazonEKSEditPolicy",
                       Error);
  w.fake.Put(kRole, {}, "EC2_LINUX");
  try {
    ops::AddAccessEntry(ViewInDev(true), w.seams);
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
  }
  CHECK(Writes(w.fake).empty());
}

TEST_CASE("add: a change EKS does not show yet is read again, waiting longer each time") {
  World w;
  int hidden = 2;  // the entry is invisible to the first two read-backs
  testing::FakeTransport lagging([&](const net::Request& r) {
    auto response = w.fake.transport.Send(r);
    if (r.method == "GET" && r.url.ends_with("/access-policies") && hidden > 0 &&
        !w.fake.entries.empty()) {
      --hidden;
      return net::Response{200, {}, R"({"associatedAccessPolicies":[]})"};
    }
    return response;
  });
  aws::EksClient eks(lagging, "https://eks.us-east-2.amazonaws.com", "us-east-2",
                     [] { return kNow; });
  ops::EksSeams seams{eks, kAdmin, [&](std::chrono::milliseconds d) { w.waits.push_back(d); }};
  ops::AddAccessEntry(ViewInDev(), seams);
  CHECK(w.waits == std::vector<std::chrono::milliseconds>{std::chrono::milliseconds(250),
                                                          std::chrono::milliseconds(500)});
}

TEST_CASE("remove: deletes the entry; only the named policy with only_policy; absent = not found") {
  World w;
  ops::AddAccessEntry(ViewInDev(), w.seams);
  w.fake.entries[kRole].scopes[w.fake.PolicyArn("AmazonEKSEditPolicy")] = {{"type", "cluster"}};
  auto only = ops::RemoveAccessEntry({"prod", kRole, "AmazonEKSViewPolicy", false}, w.seams);
  CHECK(only.found);
  CHECK(w.fake.entries.at(kRole).scopes.size() == 1);
  CHECK(w.fake.Calls().at(w.fake.Calls().size() - 2) ==
        "DELETE /clusters/prod/access-entries/" + kRole +
            "/access-policies/arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");

  auto dry = ops::RemoveAccessEntry({"prod", kRole, "", true}, w.seams);
  CHECK(dry.found);
  CHECK(w.fake.entries.count(kRole) == 1);
  auto gone = ops::RemoveAccessEntry({"prod", kRole, "", false}, w.seams);
  CHECK(gone.found);
  CHECK(gone.steps.at(0).Line() == "DeleteAccessEntry: " + kRole);
  CHECK(w.fake.entries.empty());
  CHECK_FALSE(ops::RemoveAccessEntry({"prod", kRole, "", false}, w.seams).found);
}

TEST_CASE("remove refuses a node entry (it would cut nodes off)") {
  World w;
  w.fake.Put("arn:aws:iam::210987654321:role/eks-node-role", {}, "EC2_LINUX");
  CHECK_THROWS_AS(ops::RemoveAccessEntry(
                      {"prod", "arn:aws:iam::210987654321:role/eks-node-role", "", false}, w.seams),
                  Error);
  CHECK(w.fake.entries.size() == 1);
}

TEST_CASE("list: every entry with its policies; node entries asked for none") {
  World w;
  w.fake.Put("arn:aws:iam::210987654321:role/eks-node-role", {}, "EC2_LINUX");
  ops::AddAccessEntry(ViewInDev(), w.seams);
  w.fake.transport.requests.clear();
  auto listed = ops::ListAccessEntries("prod", w.seams);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].entry.principal_arn == kRole);
  CHECK(ops::PoliciesText(listed[0].policies) == "AmazonEKSViewPolicy(namespace:dev)");
  CHECK(listed[1].entry.type == "EC2_LINUX");
  CHECK(listed[1].policies.empty());
  CHECK(w.fake.Calls().size() == 4);  // list, 2 describes, 1 policy list
}
