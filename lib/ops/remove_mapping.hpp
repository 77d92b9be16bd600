#pragma once
/// `remove` across both EKS mechanisms (issue 12): the identity is removed from the one that
/// admits it — its access entry first where the cluster reads access entries (the authenticator
/// checks them first), else its aws-auth mapping — never from both; when the other one still
/// admits it, the result says so. Two steps, so that the command can print what the first did
/// before the second runs or fails: RemoveAccessEntryFirst, then (when it says so)
/// RemoveAwsAuthMapping.

#include <optional>
#include <string>

#include "core/error.hpp"
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

/// What the first step did, and whether aws-auth comes next.
struct EntryStep {
  /// The access-entry removal, when the cluster reads access entries and --mode is not
  /// configmap (print it, then throw `refusal` if set).
  std::optional<EntryRemoveOutcome> entry;
  std::optional<Error> refusal;  ///< no entry (or no such policy) where only it can admit
  bool then_aws_auth = false;    ///< run RemoveAwsAuthMapping next
  std::string fell_back;         ///< set when there was no access entry: "X has no access entry…"
  std::optional<StillAdmitted> still;  ///< aws-auth still admits it (the entry was removed)
};

/// Step 1, on the live cluster behind `seams` (`eks`: its EKS cluster, or nullptr when it cannot
/// be told: aws-auth only). Throws ssomap::Error before anything is removed: --policy without
/// access entries, --mode api without an EKS cluster (Exit::kUsage), --mode api on a CONFIG_MAP
/// cluster (Exit::kRefused); and as RemoveThroughAccessEntry does.
EntryStep RemoveAccessEntryFirst(const RemoveMappingRequest& request, const WriteSeams& seams,
                                 EksTarget* eks);

struct AwsAuthStep {
  ChangeResult change;                 ///< the aws-auth write
  std::optional<StillAdmitted> still;  ///< its access entry still admits it (--mode configmap)
  std::string warning;                 ///< set when that could not be checked (EKS failed)
};

/// Step 2: the aws-auth mapping (ops::Remove); with --mode configmap on a cluster with access
/// entries, then whether an access entry still admits the identity — an EKS failure there is a
/// warning, since aws-auth was written. Throws as ops::Remove does.
AwsAuthStep RemoveAwsAuthMapping(const RemoveMappingRequest& request, const WriteSeams& seams,
                                 EksTarget* eks);

}  // namespace ssomap::ops
