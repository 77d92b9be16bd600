// The access-entry use cases through one recording fake transport (EKS, IAM and STS on the
// wire): EksTarget opens the cluster (mode, endpoint check), AddThroughAccessEntry names the
// principal with its IAM path, FindAccessEntry matches without the path, ListWithAccessEntries
// lists both mechanisms with their problems, StaleRoles and doctor's access-entry verdicts;
// RemoveMapping removes from the one mechanism that admits the identity (aws-auth on a fake API
// server beside it).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "aws/fakes.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "ops/access_change.hpp"
#include "ops/access_list.hpp"
#include "ops/doctor_access.hpp"
#include "ops/eks_target.hpp"
#include "ops/fake_api.hpp"
#include "ops/fake_eks.hpp"
#include "ops/remove_mapping.hpp"
#include "ops/stale_roles.hpp"

using namespace ssomap;

namespace {

constexpr const char* kServer = "https://ABC.gr7.us-east-2.eks.amazonaws.com";
const std::string kPathless =
    "arn:aws:iam::123456789999:role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7";
const std::string kPathful =
    "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
    "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7";

std::string GetRoleXml() {
  return "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult>"
         "<Role><Path>/aws-reserved/sso.amazonaws.com/us-east-2/</Path><RoleId>AROAX</RoleId>"
         "<RoleName>AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7</RoleName><Arn>" +
         kPathful + "</Arn></Role></GetRoleResult></GetRoleResponse>";
}

// EKS (the in-memory access entries plus DescribeCluster) and IAM behind one transport.
struct Aws {
  testing::TempDir home;
  FakeEnvironment env{{{"AWS_EC2_METADATA_DISABLED", "true"}}, home.path().string()};
  testing::FakeEks eks;
  std::string mode = "API";
  std::string endpoint = kServer;
  std::vector<std::string> hosts;
  testing::FakeTransport transport{[this](const net::Request& r) {
    hosts.push_back(r.url.substr(0, r.url.find('/', 8)));
    if (r.url.find("iam.") != std::string::npos) return net::Response{200, {}, GetRoleXml()};
    if (r.method == "GET" && r.url.ends_with("/clusters/prod")) {
      nlohmann::json c = {{"cluster",
                           {{"name", "prod"},
                            {"arn", "arn:aws:eks:us-east-2:123456789999:cluster/prod"},
                            {"endpoint", endpoint},
                            {"status", "ACTIVE"},
                            {"accessConfig", {{"authenticationMode", mode}}}}}};
      return net::Response{200, {}, c.dump()};
    }
    return eks.transport.Send(r);
  }};
  testing::FakeProcessRunner processes;
  ops::WhoamiSeams seams{env, transport, processes, SystemClock(), nullptr};
  kube::ResolvedContext context;
  Aws() {
    std::filesystem::create_directories(home.path() / ".aws");
    std::ofstream(home.path() / ".aws" / "credentials")
        << "[default]\naws_access_key_id = AKIDADMIN\naws_secret_access_key = secret\n";
    context.name = "admin@prod";
    context.cluster.name = "prod";
    context.cluster.server = kServer;
  }
  std::unique_ptr<ops::EksTarget> Open() {
    return ops::OpenEksTarget({"prod", "us-east-2", "", std::chrono::milliseconds(0)}, context,
                              seams, false);
  }
};

}  // namespace

TEST_CASE(
    "EksTarget: DescribeCluster's mode with the administrator's profile; a context without "
    "an EKS exec or --cluster-name is no target") {
  Aws aws;
  auto target = aws.Open();
  REQUIRE(target);
  CHECK(target->mode() == aws::AuthenticationMode::kApi);
  CHECK(target->ref().source == "--cluster-name");
  CHECK(target->admin().name == "default");
  CHECK(target->cluster().account == "123456789999");
  CHECK(aws.hosts.at(0) == "https://eks.us-east-2.amazonaws.com");

  CHECK_FALSE(ops::OpenEksTarget({"", "", "", std::chrono::milliseconds(0)}, aws.context, aws.seams,
                                 false));
  CHECK_THROWS_AS(
      ops::OpenEksTarget({"", "", "", std::chrono::milliseconds(0)}, aws.context, aws.seams, true),
      Error);
}

TEST_CASE("EksTarget: a cluster whose endpoint is not the context's server is refused") {
  Aws aws;
  aws.endpoint = "https://OTHER.gr7.us-east-2.eks.amazonaws.com";
  try {
    aws.Open();
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
  }
}

TEST_CASE(
    "AddThroughAccessEntry: the principal keeps its IAM path (GetRole); --admin is the "
    "cluster admin policy; FindAccessEntry matches the path-less identity") {
  Aws aws;
  auto target = aws.Open();
  ops::EntryAddRequest request{aws::AwsAuthForm(kPathless), "", "", {}, std::nullopt, false, false};
  request.grant.groups = {"system:masters", "ops"};
  const auto out = ops::AddThroughAccessEntry(request, *target);
  CHECK(out.principal_arn == kPathful);
  CHECK(out.created);
  REQUIRE(aws.eks.entries.count(kPathful) == 1);
  const auto& entry = aws.eks.entries[kPathful];
  CHECK(entry.entry["kubernetesGroups"] == nlohmann::json::array({"ops"}));
  CHECK(entry.scopes.count(aws.eks.PolicyArn("AmazonEKSClusterAdminPolicy")) == 1);

  const auto found = ops::FindAccessEntry(aws::AwsAuthForm(kPathless), *target);
  REQUIRE(found);
  CHECK(found->entry.principal_arn == kPathful);
  CHECK(found->policies.size() == 1);
  CHECK_FALSE(ops::FindAccessEntry(
      aws::AwsAuthForm("arn:aws:iam::123456789999:role/AWSReservedSSO_Other_0123456789abcdef"),
      *target));
}

TEST_CASE(
    "ListWithAccessEntries: on an API cluster aws-auth is ignored; entries join the rows "
    "with their policies; stale-role codes land on the row of their ARN") {
  Aws aws;
  aws.eks.Put(kPathful, {"viewers"}, "STANDARD", "alice");
  aws.eks.entries[kPathful].scopes[aws.eks.PolicyArn("AmazonEKSViewPolicy")] = {
      {"type", "namespace"}, {"namespaces", {"dev"}}};
  auto target = aws.Open();
  awsauth::Data data;
  data["mapRoles"] = "- rolearn: " + kPathless + "\n  username: a\n  groups:\n    - g\n";
  auto listing = ops::ListWithAccessEntries(data, *target);
  REQUIRE(listing.problems.size() == 1);
  CHECK(listing.problems[0].code == "ignored");
  CHECK(listing.mode == aws::AuthenticationMode::kApi);

  ops::SsoRoles roles;
  roles.account = "123456789999";
  roles.roles = {{"AWSReservedSSO_AdministratorAccess_00112233aabbccdd",
                  "/aws-reserved/sso.amazonaws.com/us-east-2/",
                  "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
                  "AWSReservedSSO_AdministratorAccess_00112233aabbccdd",
                  "AROAN"}};
  std::vector<std::string> unchecked;
  auto stale = ops::StaleRoles(
      {kPathless, kPathful, "arn:aws:iam::210987654321:role/AWSReservedSSO_X_0123456789abcdef",
       "arn:aws:iam::123456789999:role/eks-node-role"},
      roles, unchecked);
  REQUIRE(stale.size() == 2);
  CHECK(stale[0].code == "stale-role");
  CHECK(stale[0].message.find("AWSReservedSSO_AdministratorAccess_00112233aabbccdd") !=
        std::string::npos);
  CHECK(unchecked == std::vector<std::string>{
                         "arn:aws:iam::210987654321:role/AWSReservedSSO_X_0123456789abcdef"});
  listing.problems.insert(listing.problems.end(), stale.begin(), stale.end());

  const auto rows = ops::AccessListRows(listing);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == "mapRoles");
  CHECK(rows[0].back() == "ignored,stale-role");
  CHECK(rows[1][0] == "accessEntry");
  CHECK(rows[1][1] == kPathful);
  CHECK(rows[1][rows[1].size() - 2] == "AmazonEKSViewPolicy(namespace:dev)");
  CHECK(rows[1].back() == "stale-role");
  const auto json = ops::AccessListJson(listing);
  CHECK(json["authenticationMode"] == "API");
  CHECK(json["accessEntries"][0]["problems"][0]["code"] == "stale-role");
}

TEST_CASE(
    "doctor's access-entry step: admitted, FAIL on API with an access-entry fix, skip on "
    "API_AND_CONFIG_MAP; a mapping behind an entry is shadowed") {
  const auto id = aws::AwsAuthForm(kPathless);
  const ops::EksTargetRequest flags{"prod", "", "admin", std::chrono::milliseconds(0)};
  const auto fix = ops::AddFix(id, "sso", aws::AuthenticationMode::kApi, flags);
  CHECK(fix.starts_with(
      "kubectl ssomap add --profile sso --mode api --cluster-name prod --admin-profile admin"));
  CHECK(ops::AddFix(id, "sso", std::nullopt, flags).find("--mode") == std::string::npos);

  using Status = ops::DoctorCheck::Status;
  const auto none = ops::CheckAccessEntry(id, nullptr, aws::AuthenticationMode::kApi, fix);
  CHECK(none.status == Status::kFail);
  CHECK(none.fix == fix);
  CHECK(ops::CheckAccessEntry(id, nullptr, aws::AuthenticationMode::kApiAndConfigMap, fix).status ==
        Status::kSkip);
  ops::ListedEntry entry;
  entry.entry.principal_arn = kPathful;
  CHECK(ops::CheckAccessEntry(id, &entry, aws::AuthenticationMode::kApi, fix).status ==
        Status::kOk);

  ops::DoctorCheck mapped{"mapping", Status::kOk, "mapped by mapRoles entry 1", ""};
  ops::ShadowMapping(mapped, entry);
  CHECK(mapped.status == Status::kWarn);
  CHECK(mapped.message.starts_with("shadowed"));
  ops::DoctorCheck missing{"mapping", Status::kFail, "not mapped", "add"};
  ops::ShadowMapping(missing, entry);
  CHECK(missing.status == Status::kSkip);
}

namespace {

// aws-auth (on the fake API server) mapping the path-less admin role, beside the fake EKS.
struct Both {
  Aws aws;
  testing::Fixture kube;
  Both(const std::string& mode, bool entry, bool mapped) {
    aws.mode = mode;
    if (entry) aws.eks.Put(kPathful, {}, "STANDARD", "alice");
    kube.api.Set(
        {{"mapRoles",
          testing::kNodeEntry + (mapped ? "- rolearn: " + kPathless +
                                              "\n  username: a\n  groups:\n    - system:masters\n"
                                        : std::string())}});
  }
  ops::RemoveMappingRequest Request(ops::AddMode mode = ops::AddMode::kAuto,
                                    std::string policy = {}) const {
    return {{aws::AwsAuthForm(kPathless), "", ops::DryRunMode::kNone}, mode, "", std::move(policy)};
  }
  // Both steps as cmd_remove runs them: the second only when the first says so.
  struct Outcome {
    ops::EntryStep first;
    std::optional<ops::AwsAuthStep> second;
  };
  Outcome Remove(ops::AddMode mode = ops::AddMode::kAuto, std::string policy = {}) {
    auto target = aws.Open();
    const auto request = Request(mode, std::move(policy));
    Outcome out{ops::RemoveAccessEntryFirst(request, kube.Seams(), target.get()), std::nullopt};
    if (out.first.then_aws_auth)
      out.second = ops::RemoveAwsAuthMapping(request, kube.Seams(), target.get());
    return out;
  }
  bool Mapped() const {
    return (*kube.api.stored)["data"]["mapRoles"].get<std::string>().find(kPathless) !=
           std::string::npos;
  }
};

std::string ErrorOf(const std::function<void()>& run, Exit* exit = nullptr) {
  try {
    run();
  } catch (const Error& e) {
    if (exit) *exit = e.exit();
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("RemoveMapping: the access entry admits first, so it goes and aws-auth is only noted") {
  Both both("API_AND_CONFIG_MAP", true, true);
  const auto out = both.Remove();
  REQUIRE(out.first.entry);
  CHECK(out.first.entry->result.found);
  CHECK(!out.first.refusal);
  CHECK(both.aws.eks.entries.count(kPathful) == 0);
  CHECK(both.Mapped());  // left as it is
  CHECK(!out.first.then_aws_auth);
  CHECK(!out.second);
  REQUIRE(out.first.still);
  CHECK(out.first.still->how.find("aws-auth maps it too") != std::string::npos);
  CHECK(out.first.still->hint.find("--mode configmap") != std::string::npos);
}

TEST_CASE("RemoveMapping: no access entry on a mixed cluster falls back to aws-auth, and says so") {
  Both both("API_AND_CONFIG_MAP", false, true);
  const auto out = both.Remove();
  CHECK(out.first.fell_back.find("has no access entry on cluster prod") != std::string::npos);
  REQUIRE(out.first.entry);  // printed before aws-auth is touched
  CHECK(!out.first.entry->result.found);
  REQUIRE(out.second);
  CHECK(out.second->change.write.written);
  CHECK_FALSE(both.Mapped());
  CHECK(!out.second->still);

  // Not in aws-auth either: the aws-auth step's own error, after the fallback was said.
  Both neither("API_AND_CONFIG_MAP", false, false);
  const auto message = ErrorOf([&] { neither.Remove(); });
  CHECK(message.find("not mapped") != std::string::npos);
  CHECK(message.find("access entry") == std::string::npos);
}

TEST_CASE("RemoveMapping: on an API cluster only the access entry counts") {
  Both both("API", false, true);
  const auto out = both.Remove();
  REQUIRE(out.first.refusal);
  CHECK(std::string(out.first.refusal->what()).find("mode API: aws-auth is ignored there") !=
        std::string::npos);
  CHECK(!out.second);
  CHECK(both.Mapped());
  CHECK(both.kube.api.log.empty());  // aws-auth was not even read

  Both mixed("API_AND_CONFIG_MAP", false, true);  // --mode api: no fallback to aws-auth
  const auto api = mixed.Remove(ops::AddMode::kApi);
  REQUIRE(api.first.refusal);
  CHECK(!api.second);
  CHECK(mixed.Mapped());
}

TEST_CASE("RemoveMapping: --mode configmap removes the mapping and leaves the entry, noted") {
  Both both("API_AND_CONFIG_MAP", true, true);
  const auto out = both.Remove(ops::AddMode::kConfigMap);
  CHECK(!out.first.entry);
  REQUIRE(out.second);
  CHECK_FALSE(both.Mapped());
  CHECK(both.aws.eks.entries.count(kPathful) == 1);
  REQUIRE(out.second->still);
  CHECK(out.second->still->how.find(kPathful) != std::string::npos);
  CHECK(out.second->still->hint.find("--mode api") != std::string::npos);

  // EKS failing after aws-auth was written: a warning, not an error that hides the write.
  Both flaky("API_AND_CONFIG_MAP", true, true);
  auto target = flaky.aws.Open();
  flaky.aws.eks.transport.Reply(500, R"({"message":"boom"})");
  const auto second = ops::RemoveAwsAuthMapping(flaky.Request(ops::AddMode::kConfigMap),
                                                flaky.kube.Seams(), target.get());
  CHECK(second.change.write.written);
  CHECK(!second.still);
  CHECK(second.warning.find("could not check whether an access entry") != std::string::npos);
}

TEST_CASE("RemoveMapping: --policy and --mode api need access entries; the policy must be there") {
  Both both("CONFIG_MAP", false, true);
  Exit exit = Exit::kOk;
  CHECK(ErrorOf([&] { both.Remove(ops::AddMode::kAuto, "AmazonEKSViewPolicy"); }, &exit)
            .find("--policy") != std::string::npos);
  CHECK(exit == Exit::kUsage);
  CHECK(ErrorOf([&] { both.Remove(ops::AddMode::kApi); }, &exit) != "");
  CHECK(exit == Exit::kRefused);
  CHECK(both.Mapped());

  Both entry("API", true, false);
  const auto none = entry.Remove(ops::AddMode::kAuto, "AmazonEKSViewPolicy");
  REQUIRE(none.first.refusal);
  CHECK(std::string(none.first.refusal->what()).find("no access entry with policy") !=
        std::string::npos);
  CHECK(entry.aws.eks.entries.count(kPathful) == 1);  // the entry stays

  // Without an EKS cluster in view: aws-auth only; --mode api cannot be honoured.
  testing::Fixture kube;
  kube.api.Set({{"mapRoles", testing::kNodeEntry + "- rolearn: " + kPathless +
                                 "\n  username: a\n  groups:\n    - x\n"}});
  const ops::RemoveMappingRequest request{
      {aws::AwsAuthForm(kPathless), "", ops::DryRunMode::kNone}, ops::AddMode::kAuto, "", ""};
  const auto first = ops::RemoveAccessEntryFirst(request, kube.Seams(), nullptr);
  CHECK(!first.entry);
  CHECK(first.then_aws_auth);
  CHECK(ops::RemoveAwsAuthMapping(request, kube.Seams(), nullptr).change.write.written);
  auto api = request;
  api.mode = ops::AddMode::kApi;
  CHECK(ErrorOf([&] { ops::RemoveAccessEntryFirst(api, kube.Seams(), nullptr); }, &exit)
            .find("--mode api") != std::string::npos);
  CHECK(exit == Exit::kUsage);
}
