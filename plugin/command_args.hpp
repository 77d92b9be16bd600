#pragma once
/// Each command's own flags as a value, made by a pure function that takes every usage decision
/// (which flags go together, exactly one identity, exactly one grant, the --dry-run value) before
/// anything is read or sent. Throws UsageError (exit 2) naming the flag.

#include <optional>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "global_options.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/mapping_plan.hpp"
#include "ops/mechanisms.hpp"
#include "ops/token.hpp"

namespace ssomap::cli {

/// `--dry-run[=client|server|none]` (kubectl's flag; bare `--dry-run` means client).
ops::DryRunMode ParseDryRun(const cxxopts::ParseResult& flags);

/// `-f FILE --local`: the file, or nullopt on a cluster. One without the other is a usage error.
std::optional<std::string> ParseLocalFile(const cxxopts::ParseResult& flags);

/// `--cluster-name` and `--admin-profile`: which EKS cluster, whose credentials call EKS and IAM
/// (empty: not given).
struct ClusterArgs {
  std::string cluster_name;
  std::string admin_profile;
};
ClusterArgs ParseClusterArgs(const cxxopts::ParseResult& flags);

/// `add`. On a cluster exactly one of `arn` and the global --profile names the identity; with
/// --local, --arn is required and --view and --dry-run are refused.
struct AddArgs {
  std::optional<std::string> arn;  ///< --arn as typed
  ops::Grant grant;                ///< --admin / --group / --username (--view: set by the run)
  bool admin = false;              ///< --admin (warned about)
  bool view = false;               ///< --view
  bool all_namespaces = false;     ///< -A/--all-namespaces: --view cluster-wide
  bool overwrite = false;          ///< --overwrite
  ops::DryRunMode dry_run = ops::DryRunMode::kNone;
  std::optional<std::string> local_file;    ///< -f FILE with --local
  ops::AddMode mode = ops::AddMode::kAuto;  ///< --mode auto|configmap|api
  /// --permission-set NAME (names the identity instead of --arn/--profile), with --account ID.
  std::optional<std::string> permission_set;
  std::string account;
  ClusterArgs cluster;
};
AddArgs ParseAddArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args,
                     const GlobalOptions& global);

/// `remove`: the identity as for add; --dry-run refused with --local.
struct RemoveArgs {
  std::optional<std::string> arn;
  ops::DryRunMode dry_run = ops::DryRunMode::kNone;
  /// --mode: auto (the mechanism that admits the identity), configmap (aws-auth), api (entry).
  ops::AddMode mode = ops::AddMode::kAuto;
  std::optional<std::string> local_file;
  ClusterArgs cluster;
  /// --policy NAME: only disassociate that access policy, keeping the access entry.
  std::string policy;
};
RemoveArgs ParseRemoveArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args,
                           const GlobalOptions& global);

/// `doctor`: --cluster-name (empty: from the context).
struct DoctorArgs {
  std::string cluster_name;
  std::string admin_profile;  ///< --admin-profile: whose credentials ask EKS
};
DoctorArgs ParseDoctorArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args);

/// `list`: -f FILE --local or the cluster.
struct ListArgs {
  std::optional<std::string> local_file;
  ClusterArgs cluster;
  bool check_iam = false;  ///< --check-iam: flag stale-role (IAM ListRoles)
};
ListArgs ParseListArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args);

/// `migrate [--dry-run] [--prune-configmap]` on the cluster.
struct MigrateArgs {
  bool dry_run = false;
  bool prune = false;
  ClusterArgs cluster;
};
MigrateArgs ParseMigrateArgs(const cxxopts::ParseResult& flags,
                             const std::vector<std::string>& args);

/// `restore [NAME|latest]`: at most one name (none: list the backups).
struct RestoreArgs {
  std::optional<std::string> name;  ///< a backup's name or "latest"; nullopt: list
  ops::DryRunMode dry_run = ops::DryRunMode::kNone;
  bool force = false;      ///< --force: even if node role mappings go
  std::string accept_uid;  ///< --force-uid-mismatch=UID; empty: refuse another object
  bool yes = false;        ///< -y/--yes: do not ask
};
RestoreArgs ParseRestoreArgs(const cxxopts::ParseResult& flags,
                             const std::vector<std::string>& args);

/// `token --cluster-name NAME | --cluster-id ID [--role-arn|--role ARN] [--session-name S]`,
/// with the global --profile and --region: exactly one of the cluster flags (the AWS CLI's rule),
/// no arguments, and JSON output only (an ExecCredential is what kubectl decodes).
ops::TokenRequest ParseTokenArgs(const cxxopts::ParseResult& flags,
                                 const std::vector<std::string>& args, const GlobalOptions& global);

}  // namespace ssomap::cli
