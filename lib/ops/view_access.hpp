#pragma once
/// `add --view`: a read-only Role (in a namespace) or ClusterRole, bound to a group that the
/// aws-auth mapping then names. Created idempotently; existing objects are never changed.

#include <string>
#include <vector>

#include "kube/client.hpp"
#include "kube/rbac.hpp"

namespace ssomap::ops {

/// Names for the view access of `ns` (empty: cluster-wide).
struct ViewAccess {
  std::string ns;       ///< empty: ClusterRole + ClusterRoleBinding
  std::string role;     ///< Role / ClusterRole name
  std::string binding;  ///< RoleBinding / ClusterRoleBinding name
  std::string group;    ///< the Kubernetes group the mapping gets
};

ViewAccess ViewAccessFor(const std::string& ns);

/// get, list and watch on the core group's resources — every one but Secrets, which would hand
/// out service-account tokens and credentials (Kubernetes' own `view` role leaves them out too).
/// Cluster-wide, also nodes, namespaces and persistent volumes.
std::vector<kube::PolicyRule> ViewRules(bool cluster_wide);

struct ViewResult {
  kube::EnsureResult role;
  kube::EnsureResult binding;
};

/// Ensures the Role and its binding exist. Throws ApiError/ssomap::Error.
ViewResult EnsureViewAccess(kube::Client& client, const ViewAccess& access, kube::DryRun dry_run);

}  // namespace ssomap::ops
