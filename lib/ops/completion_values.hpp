#pragma once
/// The values shell completion offers, each read from where a command would read it: context
/// names from the kubeconfig, profile names from the AWS config files, namespaces from the
/// cluster, backup names from the backup store. Every function swallows its errors and returns
/// nothing: a completion that fails offers no candidates rather than an error at the prompt.

#include <string>
#include <vector>

#include <filesystem>

#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "kube/connect.hpp"
#include "net/transport.hpp"
#include "ops/backups.hpp"

namespace ssomap::ops {

struct CompletionSeams {
  const Environment& env;
  net::Transport& transport;  ///< real: no retries and a short timeout (a prompt must not hang)
  ProcessRunner& processes;   ///< exec credential plugins
  std::filesystem::path backup_root;  ///< BackupStore::DefaultRoot
  Clock clock = SystemClock();
};

/// Context names of the kubeconfig (`--kubeconfig`, else $KUBECONFIG, else ~/.kube/config).
std::vector<std::string> ContextNames(const std::string& kubeconfig, const CompletionSeams& seams);
/// Profile names of ~/.aws/config and ~/.aws/credentials (or $AWS_CONFIG_FILE, ...).
std::vector<std::string> ProfileNames(const CompletionSeams& seams);
/// Namespace names the context's cluster lists (GET /api/v1/namespaces).
std::vector<std::string> NamespaceNames(const kube::ConnectOptions& options,
                                        const CompletionSeams& seams);
/// Backup names of the context's cluster (its backups are keyed by the cluster, never by the
/// context's name), newest first, as `restore` lists them.
std::vector<std::string> BackupNames(const kube::ConnectOptions& options,
                                     const CompletionSeams& seams);

}  // namespace ssomap::ops
