#pragma once
/// `restore`: put back an aws-auth saved before an earlier change — on the same cluster and the
/// same object only, after showing what it changes and grants (issue 11 §2, §3).

#include <functional>
#include <string>
#include <vector>

#include "awsauth/model.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/backups.hpp"

namespace ssomap::ops {

/// What a restore would grant that the live aws-auth does not.
struct Grants {
  std::vector<std::string> new_masters;     ///< ARNs that would be mapped to system:masters anew
  std::vector<std::string> new_identities;  ///< ARNs mapped that are not mapped now
  std::vector<std::string> new_accounts;    ///< mapAccounts entries added (a whole AWS account)
  bool empty() const {
    return new_masters.empty() && new_identities.empty() && new_accounts.empty();
  }
};

/// The grants of `next` over `now`, with the authenticator's semantics (the winning entry of
/// each ARN; role ARNs case-insensitive).
Grants WhatItGrants(const awsauth::AwsAuth& now, const awsauth::AwsAuth& next);

/// How the backup's origin differs from the live cluster and object, one phrase each ("it was
/// taken on cluster https://a, this is https://b", "it is of ConfigMap uid X, the live one is
/// uid Y"); empty when it is the same cluster and the same object.
std::vector<std::string> IdentityMismatches(const Provenance& backup, const ClusterIdentity& live,
                                            const std::string& live_uid);

struct RestoreRequest {
  std::string name;  ///< a backup's name, or "latest"
  DryRunMode dry_run = DryRunMode::kNone;
  bool force_node_roles = false;  ///< --force: restore even if node role mappings go
  /// --force-uid-mismatch: the live aws-auth's uid ("none" when it does not exist), naming the
  /// object a backup of another cluster or object may be written onto. Empty: refuse.
  std::string accept_uid;
  bool yes = false;  ///< --yes: do not ask
};

/// Everything decided before writing, for the confirmation and the report.
struct RestorePlan {
  Backup backup;
  std::string live_uid;  ///< empty: the live cluster has no aws-auth
  awsauth::Data live;
  awsauth::Data wanted;
  Grants grants;
  std::vector<std::string> mismatches;  ///< accepted with --force-uid-mismatch
};

struct RestoreSeams {
  kube::Client& client;
  const BackupStore& store;
  WriteSeams write;  ///< its `backups` is replaced by a guard expecting the live uid
  /// Shows the plan and asks; false = not confirmed. Not called under --yes or --dry-run.
  std::function<bool(const RestorePlan&)> confirm;
};

struct RestoreResult {
  RestorePlan plan;
  WriteResult write;  ///< unset fields when nothing was written (unchanged)
  bool unchanged = false;
};

/// One backup as `restore` lists it: the file and whether it may be restored here.
struct ListedBackup {
  Backup backup;
  /// "ok", "untrusted: <why>", "dated in the future (never 'latest')" or "other object"
  /// (another cluster, or an aws-auth deleted and created again since).
  std::string status;
};

/// The backups of the store's cluster, newest first, each judged against the live aws-auth.
struct BackupListing {
  std::string live_uid;  ///< empty: the live cluster has no aws-auth
  std::vector<ListedBackup> backups;
};

/// Reads the live aws-auth (for its uid) and lists the store's backups at `now`. Throws
/// ssomap::Error when the cluster cannot be read.
BackupListing ListBackups(const BackupStore& store, kube::Client& client, TimePoint now);

/// Loads the backup, checks it against the live cluster and object (refusing, Exit::kRefused:
/// another cluster or object unless accept_uid names the live one; dropped node roles unless
/// forced; not confirmed), then writes it with WriteAwsAuth, refusing if aws-auth changed after
/// it was shown. Throws ssomap::Error.
RestoreResult Restore(const RestoreRequest& request, const RestoreSeams& seams);

}  // namespace ssomap::ops
