#pragma once
/// API paths of the resources we touch (reference §5.1).

#include <string>
#include <string_view>

namespace ssomap::kube {

/// `name` checked as a path segment: non-empty, not "." or "..", without '/', '%', '?', '#' or
/// control characters (Kubernetes forbids these in names). Throws ssomap::Error otherwise.
std::string_view PathSegment(std::string_view name);

/// /api/v1/namespaces/{ns}/configmaps[/{name}]
std::string ConfigMapPath(std::string_view ns, std::string_view name = {});
/// /apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings[/{name}]
std::string RoleBindingPath(std::string_view ns, std::string_view name = {});
/// /apis/rbac.authorization.k8s.io/v1/rolebindings: the RoleBindings of every namespace.
std::string AllRoleBindingsPath();
/// /apis/authentication.k8s.io/v1/selfsubjectreviews
std::string SelfSubjectReviewPath();
/// /apis/rbac.authorization.k8s.io/v1/clusterrolebindings[/{name}]
std::string ClusterRoleBindingPath(std::string_view name = {});
/// /api/v1/namespaces[/{name}]
std::string NamespacePath(std::string_view name = {});

}  // namespace ssomap::kube
