#pragma once
/// `add`, `remove` and `migrate` through EKS access entries (DESIGN.md §4b): the request as
/// values, the EKS calls made through an opened EksTarget, and what was done for the command to
/// print. The principal keeps its IAM path (an access entry needs it; IAM GetRole gives it).

#include <optional>
#include <string>
#include <vector>

#include "aws/arn.hpp"
#include "ops/access_entries.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/eks_target.hpp"
#include "ops/mapping_plan.hpp"
#include "ops/migrate.hpp"

namespace ssomap::ops {

/// `add` on a cluster whose mode admits access entries.
struct EntryAddRequest {
  aws::AwsAuthIdentity identity;
  std::string given_arn;    ///< --arn or the permission set's role as found (path kept); or empty
  std::string own_profile;  ///< --profile: the identity's own credentials may read IAM
  Grant grant;              ///< system:masters becomes AmazonEKSClusterAdminPolicy
  /// --view: AmazonEKSViewPolicy, at namespace scope when the value is not empty.
  std::optional<std::string> view_namespace;
  bool overwrite = false;
  bool dry_run = false;
};

struct EntryAddOutcome {
  std::string principal_arn;  ///< with its path
  AddEntryResult result;
  bool created = false;  ///< the entry did not exist
};

/// Creates or updates the access entry of `request.identity`. Throws ssomap::Error.
EntryAddOutcome AddThroughAccessEntry(const EntryAddRequest& request, EksTarget& target);

/// `remove` on a cluster whose mode admits access entries.
struct EntryRemoveRequest {
  aws::AwsAuthIdentity identity;
  std::string given_arn;    ///< --arn as typed, or empty
  std::string own_profile;  ///< --profile
  bool dry_run = false;
  std::string only_policy;  ///< --policy NAME: disassociate only it, keep the entry
};

struct EntryRemoveOutcome {
  std::string principal_arn;
  RemoveEntryResult result;     ///< `found` false: the identity has no access entry
  bool reads_aws_auth = false;  ///< the cluster's mode reads aws-auth too
  bool aws_auth_maps = false;   ///< ...and aws-auth (as read from `client`) maps the identity
};

/// Deletes the access entry of `request.identity` when it has one, and tells whether aws-auth
/// (read through `client` when the mode reads it) maps the identity too. Throws ssomap::Error.
EntryRemoveOutcome RemoveThroughAccessEntry(const EntryRemoveRequest& request, EksTarget& target,
                                            kube::Client& client);

/// The access entry of `identity` on the target's cluster (principals compared without their
/// path, so no IAM call is needed), with its policies; nullopt when it has none.
/// Throws ssomap::Error (EKS errors).
std::optional<ListedEntry> FindAccessEntry(const aws::AwsAuthIdentity& identity, EksTarget& target);

/// `migrate [--dry-run] [--prune-configmap]`.
struct MigrateRequest {
  bool dry_run = false;
  bool prune = false;  ///< remove the migrated (and read back) mappings from aws-auth
};

struct MigrateOutcome {
  MigrationPlan plan;
  MigrateResult result;
  std::optional<WriteResult> pruned;  ///< the aws-auth write of --prune-configmap
};

/// Plans and runs the migration of the cluster's aws-auth. Throws ssomap::Error (Exit::kRefused)
/// on a CONFIG_MAP cluster, which has no access entries.
MigrateOutcome Migrate(const MigrateRequest& request, EksTarget& target,
                       const WriteSeams& write_seams);

}  // namespace ssomap::ops
