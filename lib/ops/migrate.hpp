#pragma once
/// `migrate`: an access entry for every aws-auth mapping that has none (issue 12 §4). Plan first
/// (pure), then create each entry with AddAccessEntry (which reads it back), and — only when
/// asked — remove exactly the migrated, confirmed mappings from aws-auth.
///
/// Rules (eksctl `utils migrate-to-access-entry`, pkg/actions/accessentry/migrator.go, reference
/// aws-auth-and-peers.md §5), with the role path taken from IAM, never stripped:
/// - role ARNs are resolved to their pathful form (GetRole); user ARNs are kept;
/// - `system:masters` becomes AmazonEKSClusterAdminPolicy at cluster scope, the other groups are
///   kept as kubernetesGroups; any other `system:` group is not migrated (EKS refuses it);
/// - node roles (username `system:node:{{EC2PrivateDNSName}}`) are left to EKS, which creates
///   their EC2 entries; service-linked roles, `sso:` matchers, mapAccounts and entries the
///   authenticator drops are not migrated; a principal that already has an entry is skipped.

#include <functional>
#include <string>
#include <vector>

#include "awsauth/model.hpp"
#include "ops/access_entries.hpp"

namespace ssomap::ops {

/// One aws-auth mapping and what becomes of it.
struct MigrationItem {
  awsauth::Mapping mapping;
  aws::AccessEntry entry;  ///< principal with its path, username, groups (when migrated)
  std::vector<PolicyGrant> policies;
  std::string skip;  ///< why it is not migrated; empty = migrate
};

struct MigrationPlan {
  std::vector<MigrationItem> items;   ///< mapRoles, then mapUsers, in order
  std::vector<std::string> accounts;  ///< mapAccounts: no access-entry form
};

/// The pathful principal ARN of an aws-auth ARN; throws ssomap::Error when it cannot be found.
using PrincipalResolver = std::function<std::string(const std::string& aws_auth_arn)>;

/// Plans the migration of `auth`; `existing` are the principal ARNs of the cluster's access
/// entries (compared without their path, as the authenticator compares). Pure apart from
/// `resolve`, whose errors become the item's `skip`.
MigrationPlan PlanMigration(const awsauth::AwsAuth& auth, const std::vector<std::string>& existing,
                            const PrincipalResolver& resolve);

/// The plan as lines for the user: `migrate …` / `skip …: why`.
std::vector<std::string> PlanLines(const MigrationPlan& plan);

struct MigrateResult {
  std::vector<EksStep> steps;
  std::vector<awsauth::Mapping> confirmed;  ///< migrated and read back: safe to prune
  std::vector<std::string> failures;        ///< "<arn>: <error>" for items EKS refused
};

/// Creates the planned entries (never overwriting), continuing past failures. `dry_run`: no
/// writes, nothing confirmed.
MigrateResult ExecuteMigration(const std::string& cluster, const MigrationPlan& plan, bool dry_run,
                               const EksSeams& seams);

/// `data` without the mappings in `migrated` (matched by meaning, whatever their position);
/// everything else byte-identical. Throws ssomap::Error when the edit cannot be verified.
awsauth::Data PruneMigrated(const awsauth::Data& data,
                            const std::vector<awsauth::Mapping>& migrated);

}  // namespace ssomap::ops
