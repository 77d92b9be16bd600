#pragma once
/// The command layer of access entries (issue 12): the flags, opening the EKS cluster behind the
/// context through the runtime, and printing what the use cases of lib/ops (access_change,
/// access_entries, eks_target) did.

#include <memory>
#include <string>

#include <cxxopts.hpp>

#include "aws/arn.hpp"
#include "command.hpp"
#include "command_args.hpp"
#include "ops/access_change.hpp"
#include "ops/access_list.hpp"
#include "ops/eks_target.hpp"

namespace ssomap::cli {

/// `--mode`, `--admin-profile`, `--cluster-name`, `--permission-set`, `--account`.
void AddAccessEntryFlags(cxxopts::Options& options);
/// `--admin-profile`, `--cluster-name` (list, remove, migrate).
void AddClusterFlags(cxxopts::Options& options);

/// The EKS cluster of the context (runtime.Eks), its name, region, administrator profile and mode
/// said on stderr. Null when the cluster cannot be told and not `required` (with a note on stderr
/// when `note`).
std::unique_ptr<ops::EksTarget> OpenEks(const Invocation& inv, const ClusterArgs& cluster, Io& io,
                                        bool required, bool note = false);

/// The IAM role of permission set `name` (--permission-set [--account]), said on stderr.
std::string PermissionSetRoleArn(const Invocation& inv, Io& io, const std::string& name,
                                 const std::string& account, const std::string& admin_profile);

/// `accessentry/<principal> created|configured|unchanged`, the EKS calls on stderr.
Exit PrintEntryAdd(const ops::EntryAddOutcome& outcome, const aws::AwsAuthIdentity& identity,
                   bool dry_run, Io& io);
/// `accessentry/<principal> deleted`, the EKS calls on stderr (only when it was found).
/// With `policy`: `accessentry/<principal> policy <name> disassociated`.
void PrintEntryRemove(const ops::EntryRemoveOutcome& outcome, const aws::AwsAuthIdentity& identity,
                      bool dry_run, Io& io, const std::string& policy = {});

/// `list` on a cluster with access entries: aws-auth and the access entries in one table with
/// a SOURCE column, POLICIES, the problems `shadowed`/`ignored`, and the cluster's mode.
Exit PrintWithAccessEntries(const ops::AccessListing& listing, const GlobalOptions& global, Io& io);

}  // namespace ssomap::cli
