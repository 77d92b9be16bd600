#include "ops/remove_mapping.hpp"

#include <fmt/format.h>

#include "aws/eks.hpp"
#include "core/error.hpp"

namespace ssomap::ops {
namespace {

/// The access-entry step; nullopt result fields mean "go on with aws-auth".
RemoveMappingResult RemoveEntry(const RemoveMappingRequest& request, const WriteSeams& seams,
                                EksTarget& eks) {
  const auto& arn = request.aws_auth.identity.arn;
  const auto& cluster = eks.cluster().name;
  RemoveMappingResult out;
  out.entry = RemoveThroughAccessEntry(
      {request.aws_auth.identity, request.aws_auth.as_written, request.own_profile,
       request.aws_auth.dry_run != DryRunMode::kNone, request.policy},
      eks, seams.client);
  const auto& removed = *out.entry;
  if (!request.policy.empty()) {
    if (!removed.result.found)
      throw Error(fmt::format("{} has no access entry with policy {} on cluster {}", arn,
                              request.policy, cluster),
                  "`kubectl ssomap list` shows the access entries and their policies");
    return out;
  }
  if (removed.result.found) {
    if (removed.aws_auth_maps) {
      out.still = StillAdmitted{
          fmt::format("aws-auth maps it too, and cluster {} (mode {}) reads aws-auth once no "
                      "access entry matches; that mapping was left as it is",
                      cluster, aws::ModeName(eks.mode())),
          "kubectl ssomap remove --mode configmap ... removes the aws-auth mapping too"};
    }
    return out;
  }
  if (!removed.reads_aws_auth || request.mode == AddMode::kApi) {
    throw Error(fmt::format("{} has no access entry on cluster {}{}", arn, cluster,
                            removed.reads_aws_auth ? "" : " (mode API: aws-auth is ignored there)"),
                "`kubectl ssomap list` shows the access entries");
  }
  out.fell_back = fmt::format("{} has no access entry on cluster {}", arn, cluster);
  return out;
}

}  // namespace

RemoveMappingResult RemoveMapping(const RemoveMappingRequest& request, const WriteSeams& seams,
                                  EksTarget* eks) {
  const bool entries = eks != nullptr && aws::AdmitsAccessEntries(eks->mode());
  if (!request.policy.empty() && !entries)
    throw UsageError(
        "--policy removes an access policy association: this cluster has no access entries",
        "pass --cluster-name NAME for an EKS cluster in mode API or API_AND_CONFIG_MAP");
  if (request.mode == AddMode::kApi && !entries && eks != nullptr)
    (void)ChooseMechanism(request.mode, eks->mode());  // refuses: CONFIG_MAP has no entries
  RemoveMappingResult out;
  if (entries && request.mode != AddMode::kConfigMap) {
    out = RemoveEntry(request, seams, *eks);
    if (out.fell_back.empty()) return out;
  }
  try {
    out.aws_auth = Remove(request.aws_auth, seams);
  } catch (const Error& e) {
    if (out.fell_back.empty()) throw;
    throw e.WithContext(out.fell_back + ", and in aws-auth");
  }
  if (entries && request.mode == AddMode::kConfigMap) {
    if (const auto entry = FindAccessEntry(request.aws_auth.identity, *eks)) {
      out.still = StillAdmitted{
          fmt::format("its access entry {} admits it on cluster {}, and was left as it is",
                      entry->entry.principal_arn, eks->cluster().name),
          "kubectl ssomap remove --mode api ... deletes the access entry"};
    }
  }
  return out;
}

}  // namespace ssomap::ops
