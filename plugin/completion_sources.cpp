#include "completion_sources.hpp"

#include <sstream>

#include "aws/config_file.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "kube/connect.hpp"
#include "kube/kubeconfig_loader.hpp"
#include "kube/paths.hpp"
#include "net/curl_transport.hpp"
#include "ops/backups.hpp"

namespace ssomap::cli {

// Each source swallows its errors: a completion that fails offers nothing (completion.hpp).

std::vector<std::string> RealCompletionSources::Contexts(const std::string& kubeconfig) const {
  std::vector<std::string> names;
  try {
    const auto config =
        kube::LoadKubeconfig(kubeconfig, ProcessEnvironment(), kube::RealFileReader());
    for (const auto& [name, context] : config.contexts) names.push_back(name);
  } catch (const std::exception&) {
  }
  return names;
}

std::vector<std::string> RealCompletionSources::Profiles() const {
  std::vector<std::string> names;
  try {
    for (const auto& [name, section] : aws::LoadConfigFiles(ProcessEnvironment()).profiles)
      names.push_back(name);
  } catch (const std::exception&) {
  }
  return names;
}

std::vector<std::string> RealCompletionSources::Namespaces(const std::string& kubeconfig,
                                                           const std::string& context) const {
  std::vector<std::string> names;
  try {
    // No retries and a short limit: a prompt must not hang on an unreachable cluster. Exec
    // credential plugins run as for any command (their own time is theirs).
    ProcessEnvironment env;
    net::CurlTransport transport({kClusterTimeout, kClusterTimeout, ""});
    RealProcessRunner runner;
    std::ostringstream warnings;
    const kube::ConnectSeams seams{
        env, transport, runner, warnings, SystemClock(), kube::RealFileReader(), nullptr, false};
    auto connection = kube::Connect({kubeconfig, context, "", kClusterTimeout}, seams);
    const auto list = connection.client.Get(kube::NamespacePath());
    for (const auto& item : list.at("items")) names.push_back(item.at("metadata").at("name"));
  } catch (const std::exception&) {
  }
  return names;
}

std::vector<std::string> RealCompletionSources::Backups(const std::string& kubeconfig,
                                                        const std::string& context) const {
  std::vector<std::string> names;
  try {
    ProcessEnvironment env;
    const auto resolved =
        kube::LoadContext({kubeconfig, context, "", {}}, env, kube::RealFileReader());
    const ops::BackupStore store(ops::BackupStore::DefaultRoot(env));
    for (const auto& backup : store.List(resolved.name)) names.push_back(backup.name);
  } catch (const std::exception&) {
  }
  return names;
}

}  // namespace ssomap::cli
