// migrate: the plan (eksctl's rules with the role path from IAM), its execution against an
// in-memory EKS, and --prune-configmap removing exactly the migrated mappings.
#include <doctest/doctest.h>

#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "fake_eks.hpp"
#include "ops/migrate.hpp"

using namespace ssomap;

namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1700000000);
const aws::Credentials kAdmin{"AKIDADMIN", "secret", "", std::nullopt, "sso"};
const std::string kSso = "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7";
const std::string kSsoPath = "aws-reserved/sso.amazonaws.com/us-east-2/";

const std::string kMapRoles =
    "# the team\n"
    "- rolearn: arn:aws:iam::123456789999:role/eks-node-role\n"
    "  username: system:node:{{EC2PrivateDNSName}}\n"
    "  groups: [system:bootstrappers, system:nodes]\n"
    "- rolearn: arn:aws:iam::123456789999:role/" +
    kSso +
    "\n"
    "  username: sso:AdministratorAccess:{{SessionName}}\n"
    "  groups: [system:masters, ops]\n"
    "- rolearn: arn:aws:iam::123456789999:role/deployer\n"
    "  username: deployer\n"
    "  groups: [ci-deployers]\n"
    "- rolearn: arn:aws:iam::123456789999:role/aws-service-role/x.amazonaws.com/AWSServiceRole\n"
    "  username: svc\n"
    "- rolearn: arn:aws:iam::123456789999:role/gone\n"
    "  username: gone\n"
    "- rolearn: arn:aws:iam::123456789999:role/weird\n"
    "  username: weird\n"
    "  groups: [system:bootstrappers]\n";
const std::string kMapUsers =
    "- userarn: arn:aws:iam::123456789999:user/ci-bot\n"
    "  username: ci-bot\n"
    "  groups: [ci-deployers]\n";

std::string Resolve(const std::string& arn) {
  if (arn.ends_with("/" + kSso)) return "arn:aws:iam::123456789999:role/" + kSsoPath + kSso;
  if (arn.ends_with("/deployer")) return "arn:aws:iam::123456789999:role/ci/deployer";
  if (arn.ends_with(":user/ci-bot")) return arn;
  throw Error("IAM GetRole: NoSuchEntity: The role with name gone cannot be found.");
}

}  // namespace

TEST_CASE("migrate plan: pathful principals, masters as cluster admin, what is skipped and why") {
  auto auth = awsauth::Parse(
      {{"mapRoles", kMapRoles}, {"mapUsers", kMapUsers}, {"mapAccounts", "- \"210987654321\"\n"}});
  auto plan = ops::PlanMigration(auth, {"arn:aws:iam::123456789999:role/eks-node-role"}, Resolve);
  REQUIRE(plan.items.size() == 7);
  CHECK(plan.items[0].skip == "node role: EKS keeps its EC2 access entry");
  const auto& sso = plan.items[1];
  CHECK(sso.skip.empty());
  CHECK(sso.entry.principal_arn == "arn:aws:iam::123456789999:role/" + kSsoPath + kSso);
  CHECK(sso.entry.kubernetes_groups == std::vector<std::string>{"ops"});
  CHECK(sso.entry.username == "sso:AdministratorAccess:{{SessionName}}");
  REQUIRE(sso.policies.size() == 1);
  CHECK(sso.policies[0].policy_name == "AmazonEKSClusterAdminPolicy");
  CHECK(sso.policies[0].scope.type == aws::AccessScope::Type::kCluster);
  CHECK(plan.items[2].entry.principal_arn == "arn:aws:iam::123456789999:role/ci/deployer");
  CHECK(plan.items[3].skip == "service-linked role");
  CHECK(plan.items[4].skip ==
        "IAM GetRole: NoSuchEntity: The role with name gone cannot be found.");
  CHECK(plan.items[5].skip ==
        "group system:bootstrappers cannot be an access entry's kubernetesGroup");
  CHECK(plan.items[6].entry.principal_arn == "arn:aws:iam::123456789999:user/ci-bot");
  auto lines = ops::PlanLines(plan);
  CHECK(lines.back() == "skip mapAccounts 210987654321: accounts have no access-entry form");
  CHECK(lines[1] == "migrate mapRoles entry 2 (arn:aws:iam::123456789999:role/" + kSso +
                        ") -> access entry arn:aws:iam::123456789999:role/" + kSsoPath + kSso +
                        " username sso:AdministratorAccess:{{SessionName}} groups [ops] policies "
                        "[AmazonEKSClusterAdminPolicy(cluster)]");
}

TEST_CASE("migrate plan: a principal with an entry (with its path) is skipped, compared pathless") {
  auto auth = awsauth::Parse({{"mapRoles", kMapRoles}});
  auto plan =
      ops::PlanMigration(auth, {"arn:aws:iam::123456789999:role/" + kSsoPath + kSso}, Resolve);
  CHECK(plan.items[1].skip == "already has an access entry");
}

TEST_CASE("migrate: creates each entry, confirms it, and prunes exactly those from aws-auth") {
  testing::FakeEks fake;
  aws::EksClient eks(fake.transport, "https://eks.us-east-2.amazonaws.com", "us-east-2",
                     [] { return kNow; });
  ops::EksSeams seams{eks, kAdmin, [](std::chrono::milliseconds) {}};
  awsauth::Data data{{"mapRoles", kMapRoles}, {"mapUsers", kMapUsers}};
  auto auth = awsauth::Parse(data);
  auto plan = ops::PlanMigration(auth, {}, Resolve);

  auto dry = ops::ExecuteMigration("staging", plan, true, seams);
  CHECK(fake.entries.empty());
  CHECK(dry.confirmed.empty());

  auto result = ops::ExecuteMigration("staging", plan, false, seams);
  CHECK(result.failures.empty());
  CHECK(result.confirmed.size() == 3);
  CHECK(fake.entries.count("arn:aws:iam::123456789999:role/" + kSsoPath + kSso) == 1);
  CHECK(fake.entries.count("arn:aws:iam::123456789999:role/ci/deployer") == 1);
  CHECK(fake.entries.count("arn:aws:iam::123456789999:user/ci-bot") == 1);

  auto pruned = ops::PruneMigrated(data, result.confirmed);
  auto after = awsauth::Parse(pruned);
  REQUIRE(after.roles.size() == 4);
  CHECK(after.roles[0].arn == "arn:aws:iam::123456789999:role/eks-node-role");
  CHECK(after.roles[1].arn.ends_with("AWSServiceRole"));
  CHECK(after.roles[2].arn.ends_with("/gone"));
  CHECK(after.users.empty());
  CHECK(pruned.at("mapRoles")
            .starts_with("# the team\n- rolearn: arn:aws:iam::123456789999:role/"
                         "eks-node-role\n"));

  // A second run finds the entries and migrates nothing.
  auto again = ops::PlanMigration(auth, eks.ListAccessEntries(kAdmin, "staging"), Resolve);
  for (const auto& item : again.items) CHECK_FALSE(item.skip.empty());
}

TEST_CASE("migrate: an entry EKS refuses is reported and not confirmed; the others go on") {
  testing::FakeEks fake;
  fake.transport.Reply(200, R"({"accessPolicies":[]})");  // the first item's catalogue: empty
  aws::EksClient eks(fake.transport, "https://eks.us-east-2.amazonaws.com", "us-east-2",
                     [] { return kNow; });
  ops::EksSeams seams{eks, kAdmin, [](std::chrono::milliseconds) {}};
  auto plan = ops::PlanMigration(awsauth::Parse({{"mapRoles", kMapRoles}}), {}, Resolve);
  auto result = ops::ExecuteMigration("staging", plan, false, seams);
  REQUIRE(result.failures.size() == 1);
  CHECK(result.failures[0].find("no access policy named 'AmazonEKSClusterAdminPolicy'") !=
        std::string::npos);
  CHECK(result.confirmed.size() == 1);
}
