#pragma once
/// The real sources of completion values: the kubeconfig, the AWS config files, the cluster (with
/// a short timeout) and the backup directory.

#include <chrono>

#include "completion.hpp"

namespace ssomap::cli {

class RealCompletionSources final : public CompletionSources {
 public:
  /// A namespace list slower than this is not worth waiting for at a prompt.
  static constexpr std::chrono::milliseconds kClusterTimeout{1500};

  std::vector<std::string> Contexts(const std::string& kubeconfig) const override;
  std::vector<std::string> Profiles() const override;
  std::vector<std::string> Namespaces(const std::string& kubeconfig,
                                      const std::string& context) const override;
  std::vector<std::string> Backups(const std::string& kubeconfig,
                                   const std::string& context) const override;
};

}  // namespace ssomap::cli
