#pragma once
/// `add --view`: Kubernetes' built-in `view` ClusterRole (the aggregated read-only role: get,
/// list and watch on the core, apps, batch, autoscaling, networking and policy resources, never
/// Secrets — kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go) bound to a
/// group that the aws-auth mapping then names: with a RoleBinding in one namespace, or a
/// ClusterRoleBinding when cluster-wide read was asked for. Created idempotently; an existing
/// binding is never changed. No Role of our own: "read-only" means what Kubernetes users expect.

#include <string>

#include "kube/client.hpp"
#include "kube/rbac.hpp"

namespace ssomap::ops {

/// The built-in read-only ClusterRole every Kubernetes cluster has.
inline constexpr const char* kViewClusterRole = "view";

/// Names for the view access of `ns` (empty: cluster-wide).
struct ViewAccess {
  std::string ns;       ///< empty: a ClusterRoleBinding
  std::string role;     ///< the ClusterRole bound: always kViewClusterRole
  std::string binding;  ///< RoleBinding / ClusterRoleBinding name
  std::string group;    ///< the Kubernetes group the mapping gets
};

/// `ns` non-empty: RoleBinding ssomap-view in `ns` for group ssomap:view:<ns>; empty: the
/// ClusterRoleBinding ssomap-view for group ssomap:view.
ViewAccess ViewAccessFor(const std::string& ns);

struct ViewResult {
  kube::EnsureResult binding;
};

/// Ensures the binding exists. Throws ApiError/ssomap::Error.
ViewResult EnsureViewAccess(kube::Client& client, const ViewAccess& access, kube::DryRun dry_run);

}  // namespace ssomap::ops
