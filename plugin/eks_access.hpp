#pragma once
/// The command layer of access entries (issue 12): the EKS cluster behind the context, the
/// administrator's credentials, and `add`/`remove`/`list`/`migrate` through the access-entry API.
/// The logic is in lib/ops (access_entries, mechanisms, principal, migrate); this file wires real
/// transports and credentials to it and prints.

#include <memory>
#include <optional>
#include <string>

#include <cxxopts.hpp>

#include "aws/arn.hpp"
#include "aws/eks.hpp"
#include "awsauth/model.hpp"
#include "command.hpp"
#include "kube/session.hpp"
#include "ops/mapping_plan.hpp"
#include "ops/mechanisms.hpp"

namespace ssomap::cli {

/// `--mode`, `--admin-profile`, `--cluster-name`, `--permission-set`, `--account`.
void AddAccessEntryFlags(cxxopts::Options& options);
/// `--admin-profile`, `--cluster-name` (list, remove, migrate).
void AddClusterFlags(cxxopts::Options& options);

/// The EKS side of a live cluster: which cluster, the administrator's credentials, its mode.
class EksAccess {
 public:
  /// Finds the cluster of the session's context (exec args or --cluster-name/--region), resolves
  /// the administrator's credentials, calls DescribeCluster and checks its endpoint is the
  /// context's server. Null when the cluster cannot be told and `required` is false (with a note
  /// on stderr when `note`).
  static std::unique_ptr<EksAccess> Open(const Invocation& inv, Io& io,
                                         const kube::Session& session, bool required,
                                         bool note = false);
  ~EksAccess();

  const aws::EksCluster& cluster() const;
  aws::AuthenticationMode mode() const;
  /// Adds through an access entry: the principal from --arn/--profile resolved with its path.
  Exit Add(const Invocation& inv, Io& io, const aws::AwsAuthIdentity& identity,
           const std::string& given_arn, const ops::Grant& grant, const std::string& view_ns);
  /// Removes the access entry of `identity`; false when it has none.
  bool Remove(const Invocation& inv, Io& io, const aws::AwsAuthIdentity& identity,
              const std::string& given_arn);
  /// The access entries with their policies.
  std::vector<ops::ListedEntry> List();
  /// migrate [--dry-run] [--prune-configmap] on `session`'s aws-auth.
  Exit Migrate(const Invocation& inv, Io& io, kube::Session& session);

  struct Impl;

 private:
  explicit EksAccess(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The IAM role of permission set `name` (--permission-set), with the administrator's
/// credentials (--admin-profile, AWS_PROFILE, default), in --account when given.
std::string PermissionSetRoleArn(const Invocation& inv, Io& io, const std::string& name);

/// `list` on a cluster with access entries: aws-auth and the access entries in one table with
/// a SOURCE column, POLICIES, the problems `shadowed`/`ignored`, and the cluster's mode.
Exit PrintWithAccessEntries(EksAccess& eks, const awsauth::AwsAuth& auth,
                            const ops::GlobalOptions& global, Io& io);

/// `kubectl ssomap migrate`.
Command MigrateCommand();

}  // namespace ssomap::cli
