#pragma once
/// RoleBindings and ClusterRoleBindings to existing (e.g. Kubernetes' built-in) roles, created
/// idempotently: create, or keep what exists; and the bindings of the cluster, listed.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/client.hpp"

namespace ssomap::kube {

/// A binding subject; `kind` Group or User (apiGroup rbac.authorization.k8s.io).
struct Subject {
  std::string kind = "Group";
  std::string name;
};

using Labels = std::map<std::string, std::string>;

/// RoleBinding (namespace set) or ClusterRoleBinding (namespace empty) to `role_kind`
/// (Role or ClusterRole) `role_name`.
nlohmann::json RoleBindingObject(const std::string& ns, const std::string& name,
                                 const std::string& role_kind, const std::string& role_name,
                                 const std::vector<Subject>& subjects, const Labels& labels = {});

/// What an Ensure call found or did.
struct EnsureResult {
  bool created = false;   ///< false: it already existed and was left alone
  bool matches = true;    ///< the existing binding grants what was asked (same roleRef and every
                          ///< subject present). Always true when created.
  nlohmann::json object;  ///< the stored object (or the would-be object under dry run)
};

/// Creates the RoleBinding (or ClusterRoleBinding when `ns` is empty); if it exists, reads it.
EnsureResult EnsureRoleBinding(Client& client, const std::string& ns, const std::string& name,
                               const std::string& role_kind, const std::string& role_name,
                               const std::vector<Subject>& subjects, const Labels& labels = {},
                               DryRun dry_run = DryRun::kNone);

/// Every ClusterRoleBinding, then every RoleBinding of every namespace, each object with its
/// `kind` set (a list's items carry none). Throws ApiError (e.g. 403 without list rights).
std::vector<nlohmann::json> ListBindings(Client& client);

}  // namespace ssomap::kube
