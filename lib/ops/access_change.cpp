#include "ops/access_change.hpp"

#include <fmt/format.h>

#include "awsauth/checks.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "ops/mechanisms.hpp"

namespace ssomap::ops {
namespace {

constexpr const char* kClusterAdminPolicy = "AmazonEKSClusterAdminPolicy";
constexpr const char* kViewPolicy = "AmazonEKSViewPolicy";
constexpr const char* kMasters = "system:masters";

// The principal of an access entry: the ARN as given or the identity's, with its IAM path.
std::string Principal(const aws::AwsAuthIdentity& identity, const std::string& given_arn,
                      const std::string& own_profile, EksTarget& target) {
  std::optional<aws::Credentials> own;
  if (!own_profile.empty()) own = target.CredentialsOf(own_profile);
  return ResolvePrincipalArn({given_arn.empty() ? identity.arn : given_arn, own ? &*own : nullptr,
                              &target.admin_credentials()},
                             target.Iam());
}

}  // namespace

EntryAddOutcome AddThroughAccessEntry(const EntryAddRequest& request, EksTarget& target) {
  AddEntryRequest add;
  add.cluster = target.cluster().name;
  add.entry.principal_arn =
      Principal(request.identity, request.given_arn, request.own_profile, target);
  add.entry.username =
      request.grant.username.empty() ? DefaultUsername(request.identity) : request.grant.username;
  for (const auto& group : request.grant.groups) {
    if (group == kMasters) {
      add.policies.push_back({kClusterAdminPolicy, {}});
    } else {
      add.entry.kubernetes_groups.push_back(group);
    }
  }
  if (request.view_namespace) {
    aws::AccessScope scope;
    if (!request.view_namespace->empty())
      scope = {aws::AccessScope::Type::kNamespace, {*request.view_namespace}};
    add.policies.push_back({kViewPolicy, scope});
  }
  add.overwrite = request.overwrite;
  add.dry_run = request.dry_run;
  EntryAddOutcome out;
  out.principal_arn = add.entry.principal_arn;
  out.result = AddAccessEntry(add, target.Seams());
  out.created = !out.result.steps.empty() && out.result.steps[0].call == "CreateAccessEntry";
  return out;
}

EntryRemoveOutcome RemoveThroughAccessEntry(const EntryRemoveRequest& request, EksTarget& target,
                                            kube::Client& client) {
  RemoveEntryRequest remove;
  remove.cluster = target.cluster().name;
  remove.principal_arn =
      Principal(request.identity, request.given_arn, request.own_profile, target);
  remove.dry_run = request.dry_run;
  remove.only_policy = request.only_policy;
  EntryRemoveOutcome out{remove.principal_arn, RemoveAccessEntry(remove, target.Seams())};
  out.reads_aws_auth = aws::ReadsAwsAuth(target.mode());
  if (out.reads_aws_auth) {
    const auto auth = awsauth::Parse(ReadAwsAuth(client).data());
    const auto source = request.identity.kind == aws::PrincipalKind::kUser
                            ? awsauth::Source::kUsers
                            : awsauth::Source::kRoles;
    out.aws_auth_maps = awsauth::WinningIndex(auth.List(source), request.identity.arn) >= 0;
  }
  return out;
}

std::optional<ListedEntry> FindAccessEntry(const aws::AwsAuthIdentity& identity,
                                           EksTarget& target) {
  const auto& cluster = target.cluster().name;
  auto& eks = target.eks();
  std::vector<ListedEntry> names;
  for (auto& arn : eks.ListAccessEntries(target.admin_credentials(), cluster)) {
    ListedEntry e;
    e.entry.principal_arn = std::move(arn);
    names.push_back(std::move(e));
  }
  const auto* match = EntryFor(names, identity.arn);
  if (match == nullptr) return std::nullopt;
  const auto arn = match->entry.principal_arn;
  auto entry = eks.DescribeAccessEntry(target.admin_credentials(), cluster, arn);
  if (!entry) return std::nullopt;  // deleted while we looked
  ListedEntry out{std::move(*entry), {}};
  if (out.entry.type == "STANDARD")
    out.policies = eks.ListAssociatedAccessPolicies(target.admin_credentials(), cluster, arn);
  return out;
}

MigrateOutcome Migrate(const MigrateRequest& request, EksTarget& target,
                       const WriteSeams& write_seams) {
  const auto& name = target.cluster().name;
  if (!aws::AdmitsAccessEntries(target.mode()))
    throw Error(fmt::format("cluster {} is in authentication mode CONFIG_MAP: it has no access "
                            "entries to migrate to; nothing was changed",
                            name),
                fmt::format("aws eks update-cluster-config --name {} --access-config "
                            "authenticationMode=API_AND_CONFIG_MAP",
                            name),
                Exit::kRefused);
  const auto read = ReadAwsAuth(write_seams.client);
  const auto auth = awsauth::Parse(read.data());
  const auto existing = target.eks().ListAccessEntries(target.admin_credentials(), name);
  MigrateOutcome out;
  out.plan = PlanMigration(auth, existing, [&](const std::string& arn) {
    return ResolvePrincipalArn({arn, nullptr, &target.admin_credentials()}, target.Iam());
  });
  out.result = ExecuteMigration(name, out.plan, request.dry_run, target.Seams());
  if (!request.prune || out.result.confirmed.empty()) return out;
  const auto& confirmed = out.result.confirmed;
  // The whole data replaced by the pruned data: ConfirmPlan then checks the read-back is it.
  const auto planner = [&](const awsauth::Data& data) {
    MappingPlan plan;
    plan.data = PruneMigrated(data, confirmed);
    plan.action =
        plan.data == data ? MappingPlan::Action::kUnchanged : MappingPlan::Action::kRestore;
    return plan;
  };
  out.pruned = WriteAwsAuth(planner, {}, write_seams);
  return out;
}

}  // namespace ssomap::ops
