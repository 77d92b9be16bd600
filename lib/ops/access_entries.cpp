// Access entries: add, remove and list, idempotent, with read-back.
#include "ops/access_entries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

using Outcome = EksStep::Outcome;

/// Read-backs made before a change that EKS has not shown yet counts as failed.
constexpr int kReadBackAttempts = 6;
constexpr std::chrono::milliseconds kFirstReadBackDelay{250};

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string EntryText(const aws::AccessEntry& entry) {
  std::string out = entry.principal_arn;
  if (!entry.username.empty()) out += fmt::format(" username {}", entry.username);
  out += fmt::format(" groups [{}]", fmt::join(entry.kubernetes_groups, ", "));
  return out;
}

/// Whether `existing` already grants what `wanted` asks (username only when asked for).
bool SameEntry(const aws::AccessEntry& existing, const aws::AccessEntry& wanted) {
  if (!wanted.username.empty() && wanted.username != existing.username) return false;
  return Sorted(existing.kubernetes_groups) == Sorted(wanted.kubernetes_groups);
}

const aws::AssociatedPolicy* FindPolicy(const std::vector<aws::AssociatedPolicy>& policies,
                                        const std::string& arn) {
  for (const auto& p : policies) {
    if (p.policy_arn == arn) return &p;
  }
  return nullptr;
}

/// Calls `check` until it returns true, waiting longer each time; false after the last try.
template <typename Check>
bool Eventually(const EksSeams& seams, Check check) {
  auto delay = kFirstReadBackDelay;
  for (int attempt = 0; attempt < kReadBackAttempts; ++attempt) {
    if (check()) return true;
    if (attempt + 1 < kReadBackAttempts && seams.sleep) seams.sleep(delay);
    delay *= 2;
  }
  return false;
}

void RefuseNonStandard(const aws::AccessEntry& entry) {
  throw Error(fmt::format("the access entry of {} has type {}: EKS creates it for nodes and "
                          "allows no groups or policies on it; nothing was changed",
                          entry.principal_arn, entry.type),
              "map another role, or manage node entries with `aws eks`", Exit::kRefused);
}

}  // namespace

std::string EksStep::Line() const {
  switch (outcome) {
    case Outcome::kDone:
      return fmt::format("{}: {}", call, detail);
    case Outcome::kWouldDo:
      return fmt::format("{} (dry run): {}", call, detail);
    case Outcome::kUnchanged:
      return fmt::format("{} unchanged", detail);
    case Outcome::kKept:
      return fmt::format("{} kept as it is (it differs; --overwrite updates it)", detail);
  }
  return detail;
}

std::string PolicyArn(const std::vector<aws::AccessPolicy>& policies, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& p : policies) {
    if (p.name == name) return p.arn;
    names.push_back(p.name);
  }
  throw Error(fmt::format("EKS has no access policy named {}; it has: {}", text::Quote(name),
                          names.empty() ? std::string("none") : text::Join(names, ", ")),
              "`aws eks list-access-policies` lists them");
}

std::string PoliciesText(const std::vector<aws::AssociatedPolicy>& policies) {
  std::vector<std::string> parts;
  for (const auto& p : policies) {
    auto slash = p.policy_arn.rfind('/');
    auto name = slash == std::string::npos ? p.policy_arn : p.policy_arn.substr(slash + 1);
    parts.push_back(fmt::format("{}({})", name, p.scope.ToString()));
  }
  return text::Join(parts, ",");
}

AddEntryResult AddAccessEntry(const AddEntryRequest& request, const EksSeams& seams) {
  AddEntryResult result;
  auto& eks = seams.eks;
  const auto& arn = request.entry.principal_arn;
  std::vector<std::pair<std::string, aws::AccessScope>> wanted;  // policy ARN, scope
  if (!request.policies.empty()) {
    auto catalogue = eks.ListAccessPolicies(seams.admin);
    for (const auto& grant : request.policies)
      wanted.emplace_back(PolicyArn(catalogue, grant.policy_name), grant.scope);
  }
  auto step = [&](Outcome outcome, std::string call, std::string detail) {
    if (request.dry_run && outcome == Outcome::kDone) outcome = Outcome::kWouldDo;
    if (outcome == Outcome::kDone || outcome == Outcome::kWouldDo) result.changed = true;
    if (outcome == Outcome::kKept) result.kept_differences = true;
    result.steps.push_back({outcome, std::move(call), std::move(detail)});
  };

  auto existing = eks.DescribeAccessEntry(seams.admin, request.cluster, arn);
  std::vector<aws::AssociatedPolicy> associated;
  if (!existing) {
    step(Outcome::kDone, "CreateAccessEntry", EntryText(request.entry));
    if (!request.dry_run) eks.CreateAccessEntry(seams.admin, request.cluster, request.entry);
  } else {
    if (existing->type != "STANDARD") RefuseNonStandard(*existing);
    if (SameEntry(*existing, request.entry)) {
      step(Outcome::kUnchanged, "", fmt::format("access entry {}", EntryText(*existing)));
    } else if (request.overwrite) {
      step(Outcome::kDone, "UpdateAccessEntry", EntryText(request.entry));
      if (!request.dry_run) eks.UpdateAccessEntry(seams.admin, request.cluster, request.entry);
    } else {
      step(Outcome::kKept, "", fmt::format("access entry {}", EntryText(*existing)));
    }
    associated = eks.ListAssociatedAccessPolicies(seams.admin, request.cluster, arn);
  }
  for (const auto& [policy_arn, scope] : wanted) {
    const auto* current = FindPolicy(associated, policy_arn);
    const std::string detail = fmt::format("{} {}", policy_arn, scope.ToString());
    if (current && current->scope == scope) {
      step(Outcome::kUnchanged, "", fmt::format("policy {}", detail));
    } else if (current && !request.overwrite) {
      step(Outcome::kKept, "", fmt::format("policy {} {}", policy_arn, current->scope.ToString()));
    } else {
      step(Outcome::kDone, "AssociateAccessPolicy", detail);
      if (!request.dry_run)
        eks.AssociateAccessPolicy(seams.admin, request.cluster, arn, policy_arn, scope);
    }
  }
  if (request.dry_run || !result.changed) return result;

  // Read back: the entry and every policy we wanted, as we wanted them (or as kept).
  const bool shown = Eventually(seams, [&] {
    auto entry = eks.DescribeAccessEntry(seams.admin, request.cluster, arn);
    if (!entry) return false;
    auto policies = eks.ListAssociatedAccessPolicies(seams.admin, request.cluster, arn);
    return std::all_of(wanted.begin(), wanted.end(),
                       [&](const auto& w) { return FindPolicy(policies, w.first) != nullptr; });
  });
  if (!shown)
    throw Error(fmt::format("EKS accepted the change for {} but does not show it on cluster {}",
                            arn, request.cluster),
                "run `kubectl ssomap list` in a minute; access entry changes are eventually "
                "consistent");
  return result;
}

RemoveEntryResult RemoveAccessEntry(const RemoveEntryRequest& request, const EksSeams& seams) {
  RemoveEntryResult result;
  auto& eks = seams.eks;
  const auto& arn = request.principal_arn;
  auto existing = eks.DescribeAccessEntry(seams.admin, request.cluster, arn);
  if (!existing) return result;
  if (existing->type != "STANDARD") RefuseNonStandard(*existing);
  const auto outcome = request.dry_run ? Outcome::kWouldDo : Outcome::kDone;
  if (!request.only_policy.empty()) {
    auto policy_arn = PolicyArn(eks.ListAccessPolicies(seams.admin), request.only_policy);
    auto associated = eks.ListAssociatedAccessPolicies(seams.admin, request.cluster, arn);
    if (!FindPolicy(associated, policy_arn)) return result;
    result.found = true;
    result.steps.push_back(
        {outcome, "DisassociateAccessPolicy", fmt::format("{} {}", arn, policy_arn)});
    if (request.dry_run) return result;
    eks.DisassociateAccessPolicy(seams.admin, request.cluster, arn, policy_arn);
    if (!Eventually(seams, [&] {
          return !FindPolicy(eks.ListAssociatedAccessPolicies(seams.admin, request.cluster, arn),
                             policy_arn);
        }))
      throw Error(fmt::format("EKS still shows {} associated with {}", policy_arn, arn),
                  "run `kubectl ssomap list` in a minute; changes are eventually consistent");
    return result;
  }
  result.found = true;
  result.steps.push_back({outcome, "DeleteAccessEntry", arn});
  if (request.dry_run) return result;
  eks.DeleteAccessEntry(seams.admin, request.cluster, arn);
  if (!Eventually(seams,
                  [&] { return !eks.DescribeAccessEntry(seams.admin, request.cluster, arn); }))
    throw Error(fmt::format("EKS still shows the access entry of {} after deleting it", arn),
                "run `kubectl ssomap list` in a minute; changes are eventually consistent");
  return result;
}

std::vector<ListedEntry> ListAccessEntries(const std::string& cluster, const EksSeams& seams) {
  std::vector<ListedEntry> out;
  for (const auto& arn : seams.eks.ListAccessEntries(seams.admin, cluster)) {
    auto entry = seams.eks.DescribeAccessEntry(seams.admin, cluster, arn);
    if (!entry) continue;  // deleted while we listed
    ListedEntry listed{std::move(*entry), {}};
    if (listed.entry.type == "STANDARD")
      listed.policies = seams.eks.ListAssociatedAccessPolicies(seams.admin, cluster, arn);
    out.push_back(std::move(listed));
  }
  return out;
}

}  // namespace ssomap::ops
