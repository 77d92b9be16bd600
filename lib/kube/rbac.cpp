#include "kube/rbac.hpp"

#include <algorithm>

#include "kube/paths.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kRbacApiVersion = "rbac.authorization.k8s.io/v1";
constexpr const char* kRbacGroup = "rbac.authorization.k8s.io";

nlohmann::json Metadata(const std::string& ns, const std::string& name, const Labels& labels) {
  nlohmann::json meta = {{"name", name}};
  if (!ns.empty()) meta["namespace"] = ns;
  if (!labels.empty()) meta["labels"] = labels;
  return meta;
}

nlohmann::json SubjectJson(const Subject& s) {
  return {{"kind", s.kind}, {"apiGroup", kRbacGroup}, {"name", s.name}};
}

/// POST, or on AlreadyExists the existing object.
EnsureResult CreateOrGet(Client& client, const std::string& collection, const std::string& name,
                         const nlohmann::json& object, DryRun dry_run) {
  try {
    return {true, true, client.Create(collection, object, dry_run)};
  } catch (const ApiError& e) {
    if (!e.IsAlreadyExists()) throw;
  }
  return {false, true, client.Get(collection + "/" + name)};
}

bool SameSubject(const nlohmann::json& have, const nlohmann::json& want) {
  return have.value("kind", "") == want.value("kind", "") &&
         have.value("name", "") == want.value("name", "");
}

}  // namespace

nlohmann::json RoleBindingObject(const std::string& ns, const std::string& name,
                                 const std::string& role_kind, const std::string& role_name,
                                 const std::vector<Subject>& subjects, const Labels& labels) {
  auto json_subjects = nlohmann::json::array();
  for (const auto& s : subjects) json_subjects.push_back(SubjectJson(s));
  return {{"apiVersion", kRbacApiVersion},
          {"kind", ns.empty() ? "ClusterRoleBinding" : "RoleBinding"},
          {"metadata", Metadata(ns, name, labels)},
          {"roleRef", {{"apiGroup", kRbacGroup}, {"kind", role_kind}, {"name", role_name}}},
          {"subjects", json_subjects}};
}

EnsureResult EnsureRoleBinding(Client& client, const std::string& ns, const std::string& name,
                               const std::string& role_kind, const std::string& role_name,
                               const std::vector<Subject>& subjects, const Labels& labels,
                               DryRun dry_run) {
  const auto want = RoleBindingObject(ns, name, role_kind, role_name, subjects, labels);
  const auto collection = ns.empty() ? ClusterRoleBindingPath() : RoleBindingPath(ns);
  auto result = CreateOrGet(client, collection, std::string(PathSegment(name)), want, dry_run);
  if (!result.created) {
    const auto& have_ref = result.object.value("roleRef", nlohmann::json::object());
    bool ok = have_ref.value("kind", "") == role_kind && have_ref.value("name", "") == role_name;
    const auto have = result.object.value("subjects", nlohmann::json::array());
    for (const auto& w : want["subjects"]) {
      ok = ok && std::any_of(have.begin(), have.end(),
                             [&](const nlohmann::json& h) { return SameSubject(h, w); });
    }
    result.matches = ok;
  }
  return result;
}

std::vector<nlohmann::json> ListBindings(Client& client) {
  std::vector<nlohmann::json> bindings;
  for (const auto& [path, kind] : {std::pair{ClusterRoleBindingPath(), "ClusterRoleBinding"},
                                   std::pair{AllRoleBindingsPath(), "RoleBinding"}}) {
    for (auto item : client.Get(path).value("items", nlohmann::json::array())) {
      item["kind"] = kind;
      bindings.push_back(std::move(item));
    }
  }
  return bindings;
}

}  // namespace ssomap::kube
