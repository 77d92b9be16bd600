#include "ops/view_access.hpp"

namespace ssomap::ops {
namespace {

const kube::Labels& ManagedBy() {
  static const kube::Labels labels{{"app.kubernetes.io/managed-by", "kubectl-ssomap"}};
  return labels;
}

}  // namespace

ViewAccess ViewAccessFor(const std::string& ns) {
  if (ns.empty()) return {"", "ssomap-view", "ssomap-view", "ssomap:view"};
  return {ns, "ssomap-view", "ssomap-view", "ssomap:view:" + ns};
}

std::vector<kube::PolicyRule> ViewRules(bool cluster_wide) {
  std::vector<std::string> resources{
      "bindings",
      "configmaps",
      "endpoints",
      "events",
      "limitranges",
      "persistentvolumeclaims",
      "persistentvolumeclaims/status",
      "pods",
      "pods/log",
      "pods/status",
      "podtemplates",
      "replicationcontrollers",
      "replicationcontrollers/scale",
      "replicationcontrollers/status",
      "resourcequotas",
      "resourcequotas/status",
      "serviceaccounts",
      "services",
      "services/status",
  };
  if (cluster_wide) {
    for (const char* r : {"componentstatuses", "namespaces", "namespaces/status", "nodes",
                          "nodes/status", "persistentvolumes", "persistentvolumes/status"}) {
      resources.emplace_back(r);
    }
  }
  return {{{""}, std::move(resources), {"get", "list", "watch"}}};
}

ViewResult EnsureViewAccess(kube::Client& client, const ViewAccess& access, kube::DryRun dry_run) {
  ViewResult result;
  const bool cluster_wide = access.ns.empty();
  result.role = kube::EnsureRole(client, access.ns, access.role, ViewRules(cluster_wide),
                                 ManagedBy(), dry_run);
  result.binding = kube::EnsureRoleBinding(client, access.ns, access.binding,
                                           cluster_wide ? "ClusterRole" : "Role", access.role,
                                           {{"Group", access.group}}, ManagedBy(), dry_run);
  return result;
}

}  // namespace ssomap::ops
