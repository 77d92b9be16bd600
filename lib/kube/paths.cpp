#include "kube/paths.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kRbac = "/apis/rbac.authorization.k8s.io/v1";

std::string Join(std::string base, std::string_view name) {
  // Appended piece by piece: `"/" + std::string(...)` trips GCC 12's bogus -Wrestrict at -O3
  // (GCC bug 105329, a one-character literal in std::string's replace), an error in release.
  if (!name.empty()) {
    base += '/';
    base += PathSegment(name);
  }
  return base;
}

}  // namespace

std::string_view PathSegment(std::string_view name) {
  bool bad = name.empty() || name == "." || name == "..";
  for (char c : name) {
    if (c == '/' || c == '%' || c == '?' || c == '#' || static_cast<unsigned char>(c) < 0x20 ||
        c == 0x7f)
      bad = true;
  }
  if (bad) throw Error(fmt::format("{} is not a valid Kubernetes name", text::Quote(name)));
  return name;
}

std::string ConfigMapPath(std::string_view ns, std::string_view name) {
  return Join(fmt::format("/api/v1/namespaces/{}/configmaps", PathSegment(ns)), name);
}

std::string RoleBindingPath(std::string_view ns, std::string_view name) {
  return Join(fmt::format("{}/namespaces/{}/rolebindings", kRbac, PathSegment(ns)), name);
}

std::string AllRoleBindingsPath() { return fmt::format("{}/rolebindings", kRbac); }

std::string SelfSubjectReviewPath() { return "/apis/authentication.k8s.io/v1/selfsubjectreviews"; }

std::string ClusterRoleBindingPath(std::string_view name) {
  return Join(fmt::format("{}/clusterrolebindings", kRbac), name);
}

std::string NamespacePath(std::string_view name) { return Join("/api/v1/namespaces", name); }

}  // namespace ssomap::kube
