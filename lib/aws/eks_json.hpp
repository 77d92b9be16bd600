#pragma once
/// Decoding EKS's JSON shapes (reference/aws-models/eks-service-2.json: Cluster, AccessEntry,
/// AssociatedAccessPolicy, AccessPolicy, AccessScope) into our types. Pure; a reply missing a
/// required member throws ssomap::Error "EKS <Op>: malformed reply (…)".

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/eks.hpp"

namespace ssomap::aws::eks_json {

/// `{"cluster":{…}}`; the account and partition come from the cluster ARN.
EksCluster ClusterFrom(const nlohmann::json& reply);
/// `{"accessEntry":{…}}`.
AccessEntry EntryFrom(const nlohmann::json& reply, std::string_view operation);
/// The string list `key` of a page (absent = empty).
std::vector<std::string> Strings(const nlohmann::json& page, const char* key,
                                 std::string_view operation);
/// `associatedAccessPolicies` of a ListAssociatedAccessPolicies page.
std::vector<AssociatedPolicy> AssociatedFrom(const nlohmann::json& page);
/// `accessPolicies` of a ListAccessPolicies page.
std::vector<AccessPolicy> PoliciesFrom(const nlohmann::json& page);
/// `{"type":"cluster"}` or `{"type":"namespace","namespaces":[…]}`.
nlohmann::json ScopeJson(const AccessScope& scope);

}  // namespace ssomap::aws::eks_json
