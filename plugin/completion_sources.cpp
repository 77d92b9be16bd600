#include "completion_sources.hpp"

#include "ops/completion_values.hpp"

namespace ssomap::cli {

std::vector<std::string> RealCompletionSources::Contexts(const std::string& kubeconfig) const {
  return ops::ContextNames(kubeconfig, runtime_.Seams());
}

std::vector<std::string> RealCompletionSources::Profiles() const {
  return ops::ProfileNames(runtime_.Seams());
}

std::vector<std::string> RealCompletionSources::Namespaces(const std::string& kubeconfig,
                                                           const std::string& context) const {
  return ops::NamespaceNames({kubeconfig, context, "", kClusterTimeout}, runtime_.Seams());
}

std::vector<std::string> RealCompletionSources::Backups(const std::string& kubeconfig,
                                                        const std::string& context) const {
  return ops::BackupNames({kubeconfig, context, "", {}}, runtime_.Seams());
}

}  // namespace ssomap::cli
