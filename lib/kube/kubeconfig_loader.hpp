#pragma once
/// Finding and loading kubeconfig files: `--kubeconfig`, else `$KUBECONFIG` as a list, else
/// `~/.kube/config`, merged with client-go's rules (kube/kubeconfig.hpp).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/environment.hpp"
#include "kube/kubeconfig.hpp"

namespace ssomap::kube {

/// Reads a file: its content, or nullopt when it does not exist; throws ssomap::Error otherwise.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

/// The real file system (files::ReadIfExists).
FileReader RealFileReader();

/// The files to load, in precedence order: `explicit_path` alone when set; else `$KUBECONFIG`
/// split on ':' with empty and duplicate entries removed; else `~/.kube/config`.
std::vector<std::string> KubeconfigPaths(const std::string& explicit_path, const Environment& env);

/// Loads and merges the kubeconfig. `--kubeconfig` must exist; missing `$KUBECONFIG` entries are
/// skipped, but if none exists at all it is an error naming where it looked. Relative file
/// references resolve against the file that defines them. Throws ssomap::Error.
Kubeconfig LoadKubeconfig(const std::string& explicit_path, const Environment& env,
                          const FileReader& read);

}  // namespace ssomap::kube
