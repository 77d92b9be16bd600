// Planning and running a migration from aws-auth to access entries.
#include "ops/migrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "aws/arn.hpp"
#include "awsauth/edit.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"

namespace ssomap::ops {
namespace {

constexpr std::string_view kMasters = "system:masters";
constexpr std::string_view kNodeUsername = "system:node:{{EC2PrivateDNSName}}";
constexpr std::string_view kServiceLinkedRole = ":role/aws-service-role/";
constexpr const char* kClusterAdmin = "AmazonEKSClusterAdminPolicy";

/// The authenticator's comparison form of an ARN (roles without path), or the ARN itself.
std::string Comparable(const std::string& arn) {
  try {
    return aws::AwsAuthForm(arn).arn;
  } catch (const Error&) {
    return arn;
  }
}

/// Why `m` cannot become an access entry, or empty; fills `item` when it can.
std::string Classify(const awsauth::Mapping& m, MigrationItem& item) {
  if (!m.invalid.empty()) return fmt::format("the authenticator drops it ({})", m.invalid);
  if (m.sso) return "an sso: matcher has no access-entry form; use add --permission-set";
  if (m.username == kNodeUsername) return "node role: EKS keeps its EC2 access entry";
  if (m.arn.find(kServiceLinkedRole) != std::string::npos) return "service-linked role";
  for (const auto& g : m.groups) {
    if (g == kMasters) {
      item.policies.push_back({kClusterAdmin, {}});
    } else if (g.rfind("system:", 0) == 0) {
      return fmt::format("group {} cannot be an access entry's kubernetesGroup", g);
    } else {
      item.entry.kubernetes_groups.push_back(g);
    }
  }
  for (std::string_view prefix : {"system:", "eks:", "aws:", "amazon:", "iam:"}) {
    if (m.username.rfind(prefix, 0) == 0)
      return fmt::format("username {} starts with {}, which EKS reserves", m.username, prefix);
  }
  item.entry.username = m.username;
  return {};
}

}  // namespace

MigrationPlan PlanMigration(const awsauth::AwsAuth& auth, const std::vector<std::string>& existing,
                            const PrincipalResolver& resolve) {
  MigrationPlan plan;
  plan.accounts = auth.accounts;
  std::set<std::string> taken;
  for (const auto& arn : existing) taken.insert(Comparable(arn));
  for (const auto* list : {&auth.roles, &auth.users}) {
    for (const auto& m : *list) {
      MigrationItem item;
      item.mapping = m;
      item.skip = Classify(m, item);
      if (item.skip.empty() && taken.count(Comparable(m.arn)))
        item.skip = "already has an access entry";
      if (item.skip.empty()) {
        try {
          item.entry.principal_arn = resolve(m.arn);
          taken.insert(Comparable(m.arn));
        } catch (const Error& e) {
          item.skip = e.what();
        }
      }
      if (!item.skip.empty()) {
        item.entry = {};
        item.policies.clear();
      }
      plan.items.push_back(std::move(item));
    }
  }
  return plan;
}

std::vector<std::string> PlanLines(const MigrationPlan& plan) {
  std::vector<std::string> lines;
  for (const auto& item : plan.items) {
    const auto& m = item.mapping;
    if (!item.skip.empty()) {
      lines.push_back(fmt::format("skip {} entry {} ({}): {}", awsauth::SourceKey(m.source),
                                  m.index + 1, m.arn, item.skip));
      continue;
    }
    std::vector<std::string> policies;
    for (const auto& p : item.policies)
      policies.push_back(fmt::format("{}({})", p.policy_name, p.scope.ToString()));
    lines.push_back(fmt::format(
        "migrate {} entry {} ({}) -> access entry {} username {} groups [{}] policies [{}]",
        awsauth::SourceKey(m.source), m.index + 1, m.arn, item.entry.principal_arn,
        item.entry.username, fmt::join(item.entry.kubernetes_groups, ", "),
        fmt::join(policies, ", ")));
  }
  for (const auto& a : plan.accounts)
    lines.push_back(fmt::format("skip mapAccounts {}: accounts have no access-entry form", a));
  return lines;
}

MigrateResult ExecuteMigration(const std::string& cluster, const MigrationPlan& plan, bool dry_run,
                               const EksSeams& seams) {
  MigrateResult result;
  for (const auto& item : plan.items) {
    if (!item.skip.empty()) continue;
    AddEntryRequest request{cluster, item.entry, item.policies, false, dry_run};
    try {
      auto added = AddAccessEntry(request, seams);
      for (auto& step : added.steps) result.steps.push_back(std::move(step));
      if (!dry_run) result.confirmed.push_back(item.mapping);
    } catch (const Error& e) {
      result.failures.push_back(fmt::format("{}: {}", item.mapping.arn, e.what()));
    }
  }
  return result;
}

awsauth::Data PruneMigrated(const awsauth::Data& data,
                            const std::vector<awsauth::Mapping>& migrated) {
  awsauth::Data out = data;
  for (auto source : {awsauth::Source::kRoles, awsauth::Source::kUsers}) {
    auto parsed = awsauth::Parse(out);
    const auto& list = parsed.List(source);
    std::vector<std::size_t> doomed;
    for (const auto& m : list) {
      if (std::any_of(migrated.begin(), migrated.end(),
                      [&](const awsauth::Mapping& x) { return x.SameAs(m); }))
        doomed.push_back(m.index);
    }
    // From the last to the first, so the indexes still to remove stay valid.
    for (auto it = doomed.rbegin(); it != doomed.rend(); ++it)
      out = awsauth::RemoveMapping(out, source, *it);
  }
  return out;
}

}  // namespace ssomap::ops
