#include "ops/view_access.hpp"

namespace ssomap::ops {
namespace {

const kube::Labels& ManagedBy() {
  static const kube::Labels labels{{"app.kubernetes.io/managed-by", "kubectl-ssomap"}};
  return labels;
}

}  // namespace

ViewAccess ViewAccessFor(const std::string& ns) {
  if (ns.empty()) return {"", kViewClusterRole, "ssomap-view", "ssomap:view"};
  return {ns, kViewClusterRole, "ssomap-view", "ssomap:view:" + ns};
}

ViewResult EnsureViewAccess(kube::Client& client, const ViewAccess& access, kube::DryRun dry_run) {
  ViewResult result;
  result.binding =
      kube::EnsureRoleBinding(client, access.ns, access.binding, "ClusterRole", access.role,
                              {{"Group", access.group}}, ManagedBy(), dry_run);
  return result;
}

}  // namespace ssomap::ops
