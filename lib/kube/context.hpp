#pragma once
/// Choosing the context to use: `--context` or current-context, its cluster and user, and the
/// namespace (`-n`, then the context's, then "default").

#include <string>

#include "kube/kubeconfig.hpp"

namespace ssomap::kube {

/// Everything needed to reach one cluster as one user.
struct ResolvedContext {
  std::string name;        ///< the context's name
  std::string namespace_;  ///< the effective namespace
  Cluster cluster;
  User user;  ///< empty (anonymous) when the context names no user

  /// "context 'x' (user 'y')": who we are, for messages.
  std::string Identity() const;
};

/// Namespaces when neither -n nor the context gives one.
inline constexpr const char* kDefaultNamespace = "default";

/// Resolves `context_override` (or current-context) in `config`. Throws ssomap::Error naming the
/// kubeconfig file and the problem, with the fix: no current context, an unknown context, a
/// context whose cluster or user is not defined, a cluster without a server.
ResolvedContext ResolveContext(const Kubeconfig& config, const std::string& context_override,
                               const std::string& namespace_override);

}  // namespace ssomap::kube
