#pragma once
/// `remove` across both EKS mechanisms (issue 12): the identity is removed from the one that
/// admits it — its access entry first where the cluster reads access entries (the authenticator
/// checks them first), else its aws-auth mapping — never from both; when the other one still
/// admits it, the result says so.

#include <optional>
#include <string>

#include "ops/access_change.hpp"
#include "ops/change.hpp"
#include "ops/eks_target.hpp"
#include "ops/mechanisms.hpp"

namespace ssomap::ops {

struct RemoveMappingRequest {
  RemoveRequest aws_auth;         ///< the identity, --arn as typed, --dry-run
  AddMode mode = AddMode::kAuto;  ///< --mode: auto (the admitting one), configmap, api
  std::string own_profile;        ///< --profile (its IAM GetRole names the entry's principal)
  std::string policy;             ///< --policy NAME: only disassociate it, keep the entry
};

/// The other mechanism still admitting the identity: the remove leaves it and says so.
struct StillAdmitted {
  std::string how;   ///< e.g. "aws-auth maps it too, and cluster …"
  std::string hint;  ///< the command that removes it too
};

struct RemoveMappingResult {
  /// The access-entry step, when the cluster reads access entries and --mode is not configmap.
  std::optional<EntryRemoveOutcome> entry;
  /// Set when there was no access entry and aws-auth was used instead (said before its report).
  std::string fell_back;
  std::optional<ChangeResult> aws_auth;  ///< the aws-auth write, when that was the mechanism
  std::optional<StillAdmitted> still;    ///< the mechanism left in place still admits it
};

/// Runs `remove` on the live cluster behind `seams` (`eks`: its EKS cluster, or nullptr when it
/// cannot be told: aws-auth only). Throws ssomap::Error: --policy without access entries
/// (Exit::kUsage), --mode api on CONFIG_MAP or configmap on API (Exit::kRefused), no access entry
/// where only one can admit, not mapped, a node role (Exit::kRefused).
RemoveMappingResult RemoveMapping(const RemoveMappingRequest& request, const WriteSeams& seams,
                                  EksTarget* eks);

}  // namespace ssomap::ops
