#include "ops/completion_values.hpp"

#include <sstream>

#include "aws/config_file.hpp"
#include "kube/kubeconfig_loader.hpp"
#include "kube/paths.hpp"

namespace ssomap::ops {

std::vector<std::string> ContextNames(const std::string& kubeconfig, const CompletionSeams& seams) {
  std::vector<std::string> names;
  try {
    const auto config = kube::LoadKubeconfig(kubeconfig, seams.env, kube::RealFileReader());
    for (const auto& [name, context] : config.contexts) names.push_back(name);
  } catch (const std::exception&) {
  }
  return names;
}

std::vector<std::string> ProfileNames(const CompletionSeams& seams) {
  std::vector<std::string> names;
  try {
    for (const auto& [name, section] : aws::LoadConfigFiles(seams.env).profiles)
      names.push_back(name);
  } catch (const std::exception&) {
  }
  return names;
}

std::vector<std::string> NamespaceNames(const kube::ConnectOptions& options,
                                        const CompletionSeams& seams) {
  std::vector<std::string> names;
  try {
    // Exec credential plugins run as for any command; the requests have the prompt's limit.
    std::ostringstream warnings;
    const kube::ConnectSeams connect{seams.env, seams.transport, seams.processes, warnings};
    auto connection = kube::Connect(options, connect);
    const auto list = connection.client.Get(kube::NamespacePath());
    for (const auto& item : list.at("items")) names.push_back(item.at("metadata").at("name"));
  } catch (const std::exception&) {
  }
  return names;
}

std::vector<std::string> BackupNames(const kube::ConnectOptions& options,
                                     const CompletionSeams& seams) {
  std::vector<std::string> names;
  try {
    const auto resolved = kube::LoadContext(options, seams.env, kube::RealFileReader());
    const BackupStore store(seams.backup_root, ClusterIdentityOf(resolved), "");
    for (const auto& backup : store.List(seams.clock())) names.push_back(backup.name);
  } catch (const std::exception&) {
  }
  return names;
}

}  // namespace ssomap::ops
