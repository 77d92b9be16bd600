#pragma once
/// What `add`, `remove`, `list` and `restore` share on a live cluster: the session, the
/// identity from --profile (via STS) or --arn, --dry-run, and the aws-auth write seams.

#include <memory>
#include <string>

#include <cxxopts.hpp>

#include "aws/arn.hpp"
#include "command.hpp"
#include "kube/session.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/backups.hpp"

namespace ssomap::cli {

/// `--dry-run[=client|server|none]` (kubectl's flag; bare `--dry-run` means client).
void AddDryRunFlag(cxxopts::Options& options);
ops::DryRunMode DryRunFrom(const cxxopts::ParseResult& flags);

/// Opens the cluster of the chosen context (one TLS and auth set-up for the run).
std::unique_ptr<kube::Session> OpenCluster(const Invocation& inv, Io& io);

/// The identity to map: `--arn` (any form), or the caller of `--profile` asked of STS.
/// Exactly one is required.
aws::AwsAuthIdentity IdentityFromFlags(const Invocation& inv, Io& io);

/// The backups of the session's cluster (keyed by its identity, never by the context's name)
/// under BackupStore::DefaultRoot, keeping $KUBECTL_SSOMAP_BACKUP_KEEP per cluster.
ops::BackupStore Backups(const kube::Session& session);

/// Real seams for WriteAwsAuth: the session's client, backups, the clock, sleeping, -v progress.
ops::WriteSeams WriteSeamsFor(kube::Session& session, const ops::BackupStore& backups);

/// Prints the change as a unified diff of the data (stdout: under --dry-run it is the result).
void PrintDataDiff(const awsauth::Data& before, const awsauth::Data& after, Io& io);

}  // namespace ssomap::cli
