// doctor's mechanism steps: the cluster's authentication mode, then the access entry.
#include "ops/doctor_access.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "ops/access_change.hpp"
#include "ops/mechanisms.hpp"

namespace ssomap::ops {
namespace {

using Status = DoctorCheck::Status;

std::string EntryText(const ListedEntry& e) {
  const auto policies = PoliciesText(e.policies);
  return fmt::format("access entry {} (username {}, groups [{}], policies [{}])",
                     e.entry.principal_arn, e.entry.username.empty() ? "-" : e.entry.username,
                     text::Join(e.entry.kubernetes_groups, ", "), policies);
}

}  // namespace

std::string AddFix(const aws::AwsAuthIdentity& id, const std::string& profile,
                   std::optional<aws::AuthenticationMode> mode, const EksTargetRequest& cluster) {
  auto who =
      profile.empty() ? fmt::format("--arn {}", id.arn) : fmt::format("--profile {}", profile);
  if (mode && aws::AdmitsAccessEntries(*mode)) {
    who += " --mode api";
    if (!cluster.cluster_name.empty()) who += " --cluster-name " + cluster.cluster_name;
    if (!cluster.admin_profile.empty()) who += " --admin-profile " + cluster.admin_profile;
  }
  return fmt::format("kubectl ssomap add {} --view -n NAMESPACE   (or --admin, or --group G)", who);
}

DoctorCheck CheckAccessEntry(const aws::AwsAuthIdentity& id, const ListedEntry* entry,
                             aws::AuthenticationMode mode, const std::string& add_fix) {
  if (entry != nullptr)
    return {"access-entry", Status::kOk, fmt::format("admitted by {}", EntryText(*entry)), ""};
  if (!aws::ReadsAwsAuth(mode)) {
    return {"access-entry", Status::kFail,
            fmt::format("{} has no access entry, and authentication mode API ignores aws-auth: "
                        "nothing admits it",
                        id.arn),
            add_fix};
  }
  return {"access-entry", Status::kSkip,
          fmt::format("{} has no access entry; in mode {} the authenticator reads aws-auth next",
                      id.arn, aws::ModeName(mode)),
          ""};
}

void ShadowMapping(DoctorCheck& mapping, const ListedEntry& entry) {
  if (mapping.status == Status::kOk || mapping.status == Status::kWarn) {
    mapping = {"mapping", Status::kWarn,
               fmt::format("shadowed: aws-auth maps it too ({}), but the access entry {} is "
                           "checked first and wins",
                           mapping.message, entry.entry.principal_arn),
               "keep one mechanism: kubectl ssomap remove --mode configmap removes the aws-auth "
               "mapping"};
  } else {
    mapping = {"mapping", Status::kSkip,
               fmt::format("not consulted: the access entry {} admits the identity first",
                           entry.entry.principal_arn),
               ""};
  }
}

DoctorCheck CheckEntryPermissions(const ListedEntry& entry,
                                  const std::vector<nlohmann::json>& bindings) {
  const auto& e = entry.entry;
  auto groups = CheckPermissions(e.kubernetes_groups, e.username, bindings);
  if (entry.policies.empty()) return groups;
  auto message = fmt::format("access policies {}", PoliciesText(entry.policies));
  if (groups.status == Status::kOk) message += "; " + groups.message;
  return {"permissions", Status::kOk, message, ""};
}

DoctorAccess CheckEksAccess(const EksTargetRequest& request, const std::string& profile,
                            const aws::AwsAuthIdentity& id, const kube::ResolvedContext& context,
                            const WhoamiSeams& seams, std::vector<DoctorCheck>& checks) {
  DoctorAccess out;
  std::unique_ptr<EksTarget> target;
  try {
    target = OpenEksTarget(request, context, seams, false);
    if (!target) {
      checks.push_back(
          {"eks-cluster", Status::kSkip,
           fmt::format("cannot tell which EKS cluster context {} reaches (no `aws eks get-token` "
                       "exec, no --cluster-name): checking aws-auth only, as on a CONFIG_MAP "
                       "cluster",
                       context.name),
           "pass --cluster-name NAME to check the cluster's access entries too"});
    }
  } catch (const Error& e) {
    const bool wrong = e.exit() == Exit::kRefused;
    checks.push_back(
        {"eks-cluster", wrong ? Status::kFail : Status::kWarn,
         fmt::format("{}{}", e.what(),
                     wrong ? "" : "; checking aws-auth only, as on a CONFIG_MAP cluster"),
         e.hint().empty() ? "pass --admin-profile P: a profile that may call "
                            "eks:DescribeCluster and eks:ListAccessEntries"
                          : e.hint()});
  }
  if (!target) {
    out.add_fix = AddFix(id, profile, std::nullopt, request);
    return out;
  }
  const auto mode = target->mode();
  out.mode = mode;
  out.add_fix = AddFix(id, profile, mode, request);
  checks.push_back({"eks-cluster", Status::kOk,
                    fmt::format("EKS cluster {} (from {}) is in authentication mode {}{}; asked "
                                "with administrator profile {} (from {})",
                                target->cluster().name, target->ref().source, aws::ModeName(mode),
                                aws::ReadsAwsAuth(mode) ? "" : " (aws-auth is ignored)",
                                target->admin().name, target->admin().from),
                    ""});
  if (!aws::AdmitsAccessEntries(mode)) return out;
  try {
    out.entry = FindAccessEntry(id, *target);
    checks.push_back(CheckAccessEntry(id, out.entry ? &*out.entry : nullptr, mode, out.add_fix));
  } catch (const Error& e) {
    checks.push_back({"access-entry", Status::kWarn,
                      fmt::format("cannot list the access entries of cluster {}: {}",
                                  target->cluster().name, e.what()),
                      e.hint()});
  }
  return out;
}

}  // namespace ssomap::ops
