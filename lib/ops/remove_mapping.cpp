#include "ops/remove_mapping.hpp"

#include <fmt/format.h>

#include "aws/eks.hpp"

namespace ssomap::ops {
namespace {

bool HasAccessEntries(const EksTarget* eks) {
  return eks != nullptr && aws::AdmitsAccessEntries(eks->mode());
}

}  // namespace

EntryStep RemoveAccessEntryFirst(const RemoveMappingRequest& request, const WriteSeams& seams,
                                 EksTarget* eks) {
  const bool entries = HasAccessEntries(eks);
  if (!request.policy.empty() && !entries)
    throw UsageError(
        "--policy removes an access policy association: this cluster has no access entries",
        "pass --cluster-name NAME for an EKS cluster in mode API or API_AND_CONFIG_MAP");
  if (request.mode == AddMode::kApi) {
    if (eks == nullptr)
      throw UsageError("--mode api removes an access entry: say which EKS cluster",
                       "pass --cluster-name NAME (and --region R)");
    if (!entries) (void)ChooseMechanism(request.mode, eks->mode());  // CONFIG_MAP: refused
  }
  EntryStep step;
  if (!entries || request.mode == AddMode::kConfigMap) {
    step.then_aws_auth = true;
    return step;
  }
  const auto& arn = request.aws_auth.identity.arn;
  const auto& cluster = eks->cluster().name;
  step.entry = RemoveThroughAccessEntry(
      {request.aws_auth.identity, request.aws_auth.as_written, request.own_profile,
       request.aws_auth.dry_run != DryRunMode::kNone, request.policy},
      *eks, seams.client);
  const auto& removed = *step.entry;
  if (!request.policy.empty()) {
    if (!removed.result.found)
      step.refusal = Error(fmt::format("{} has no access entry with policy {} on cluster {}", arn,
                                       request.policy, cluster),
                           "`kubectl ssomap list` shows the access entries and their policies");
    return step;
  }
  if (removed.result.found) {
    if (removed.aws_auth_maps) {
      step.still = StillAdmitted{
          fmt::format("aws-auth maps it too, and cluster {} (mode {}) reads aws-auth once no "
                      "access entry matches; that mapping was left as it is",
                      cluster, aws::ModeName(eks->mode())),
          "kubectl ssomap remove --mode configmap ... removes the aws-auth mapping too"};
    }
    return step;
  }
  if (!removed.reads_aws_auth || request.mode == AddMode::kApi) {
    step.refusal =
        Error(fmt::format("{} has no access entry on cluster {}{}", arn, cluster,
                          removed.reads_aws_auth ? "" : " (mode API: aws-auth is ignored there)"),
              "`kubectl ssomap list` shows the access entries");
    return step;
  }
  step.fell_back = fmt::format("{} has no access entry on cluster {}", arn, cluster);
  step.then_aws_auth = true;
  return step;
}

AwsAuthStep RemoveAwsAuthMapping(const RemoveMappingRequest& request, const WriteSeams& seams,
                                 EksTarget* eks) {
  AwsAuthStep step{Remove(request.aws_auth, seams), std::nullopt, {}};
  if (!HasAccessEntries(eks) || request.mode != AddMode::kConfigMap) return step;
  try {
    if (const auto entry = FindAccessEntry(request.aws_auth.identity, *eks)) {
      step.still = StillAdmitted{
          fmt::format("its access entry {} admits it on cluster {}, and was left as it is",
                      entry->entry.principal_arn, eks->cluster().name),
          "kubectl ssomap remove --mode api ... deletes the access entry"};
    }
  } catch (const Error& e) {
    step.warning = fmt::format(
        "could not check whether an access entry of {} on cluster {} still admits it: {}",
        request.aws_auth.identity.arn, eks->cluster().name, e.what());
  }
  return step;
}

}  // namespace ssomap::ops
