// EKS JSON shapes to our types.
#include "aws/eks_json.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::aws::eks_json {
namespace {

[[noreturn]] void Malformed(std::string_view operation, std::string_view what) {
  throw Error(fmt::format("EKS {}: malformed reply ({})", operation, what));
}

const nlohmann::json& Object(const nlohmann::json& parent, const char* key,
                             std::string_view operation) {
  auto it = parent.find(key);
  if (it == parent.end() || !it->is_object()) Malformed(operation, fmt::format("no {}", key));
  return *it;
}

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string RequiredText(const nlohmann::json& object, const char* key,
                         std::string_view operation) {
  auto value = Text(object, key);
  if (value.empty()) Malformed(operation, fmt::format("no {}", key));
  return value;
}

AccessScope ScopeFrom(const nlohmann::json& scope, std::string_view operation) {
  AccessScope out;
  auto type = Text(scope, "type");
  if (type == "namespace") {
    out.type = AccessScope::Type::kNamespace;
    out.namespaces = Strings(scope, "namespaces", operation);
  } else if (type != "cluster") {
    Malformed(operation, fmt::format("access scope type '{}'", type));
  }
  return out;
}

}  // namespace

EksCluster ClusterFrom(const nlohmann::json& reply) {
  constexpr std::string_view kOp = "DescribeCluster";
  const auto& c = Object(reply, "cluster", kOp);
  EksCluster out;
  out.name = RequiredText(c, "name", kOp);
  out.arn = RequiredText(c, "arn", kOp);
  // arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto colon = out.arn.find(':', start);
    if (colon == std::string::npos) Malformed(kOp, fmt::format("cluster ARN {}", out.arn));
    parts.push_back(out.arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn" || parts[2] != "eks" || parts[4].empty())
    Malformed(kOp, fmt::format("cluster ARN {}", out.arn));
  out.partition = parts[1];
  out.account = parts[4];
  out.endpoint = Text(c, "endpoint");
  out.status = Text(c, "status");
  if (auto ca = c.find("certificateAuthority"); ca != c.end() && ca->is_object())
    out.certificate_authority = Text(*ca, "data");
  if (auto access = c.find("accessConfig"); access != c.end() && access->is_object()) {
    auto mode_name = Text(*access, "authenticationMode");
    if (!mode_name.empty()) {
      auto mode = ParseMode(mode_name);
      if (!mode) Malformed(kOp, fmt::format("authenticationMode '{}'", mode_name));
      out.authentication_mode = *mode;
    }
  }
  return out;
}

AccessEntry EntryFrom(const nlohmann::json& reply, std::string_view operation) {
  const auto& e = Object(reply, "accessEntry", operation);
  AccessEntry out;
  out.principal_arn = RequiredText(e, "principalArn", operation);
  out.username = Text(e, "username");
  out.kubernetes_groups = Strings(e, "kubernetesGroups", operation);
  out.type = Text(e, "type");
  if (out.type.empty()) out.type = "STANDARD";
  out.access_entry_arn = Text(e, "accessEntryArn");
  return out;
}

std::vector<std::string> Strings(const nlohmann::json& page, const char* key,
                                 std::string_view operation) {
  std::vector<std::string> out;
  auto it = page.find(key);
  if (it == page.end() || it->is_null()) return out;
  if (!it->is_array()) Malformed(operation, fmt::format("{} is not a list", key));
  for (const auto& item : *it) {
    if (!item.is_string()) Malformed(operation, fmt::format("{} holds a non-string", key));
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<AssociatedPolicy> AssociatedFrom(const nlohmann::json& page) {
  constexpr std::string_view kOp = "ListAssociatedAccessPolicies";
  std::vector<AssociatedPolicy> out;
  auto it = page.find("associatedAccessPolicies");
  if (it == page.end() || it->is_null()) return out;
  if (!it->is_array()) Malformed(kOp, "associatedAccessPolicies is not a list");
  for (const auto& item : *it) {
    if (!item.is_object()) Malformed(kOp, "an associated policy is not an object");
    AssociatedPolicy policy;
    policy.policy_arn = RequiredText(item, "policyArn", kOp);
    policy.scope = ScopeFrom(Object(item, "accessScope", kOp), kOp);
    out.push_back(std::move(policy));
  }
  return out;
}

std::vector<AccessPolicy> PoliciesFrom(const nlohmann::json& page) {
  constexpr std::string_view kOp = "ListAccessPolicies";
  std::vector<AccessPolicy> out;
  auto it = page.find("accessPolicies");
  if (it == page.end() || it->is_null()) return out;
  if (!it->is_array()) Malformed(kOp, "accessPolicies is not a list");
  for (const auto& item : *it) {
    if (!item.is_object()) Malformed(kOp, "an access policy is not an object");
    out.push_back({RequiredText(item, "name", kOp), RequiredText(item, "arn", kOp)});
  }
  return out;
}

nlohmann::json ScopeJson(const AccessScope& scope) {
  if (scope.type == AccessScope::Type::kCluster) return {{"type", "cluster"}};
  return {{"type", "namespace"}, {"namespaces", scope.namespaces}};
}

}  // namespace ssomap::aws::eks_json
