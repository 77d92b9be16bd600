// EksClient: the EKS REST-JSON calls over net::Transport, signed with SigV4.
#include "aws/eks.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aws/eks_errors.hpp"
#include "aws/eks_json.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"

namespace ssomap::aws {
namespace {

/// EKS's signing name.
constexpr std::string_view kService = "eks";

std::string Label(std::string_view value) { return encoding::UriEncode(value); }

std::string ClusterPath(const std::string& cluster) { return "/clusters/" + Label(cluster); }

std::string EntryPath(const std::string& cluster, const std::string& principal_arn) {
  return ClusterPath(cluster) + "/access-entries/" + Label(principal_arn);
}

}  // namespace

std::string_view ModeName(AuthenticationMode mode) {
  switch (mode) {
    case AuthenticationMode::kConfigMap:
      return "CONFIG_MAP";
    case AuthenticationMode::kApiAndConfigMap:
      return "API_AND_CONFIG_MAP";
    case AuthenticationMode::kApi:
      return "API";
  }
  return "";
}

std::optional<AuthenticationMode> ParseMode(std::string_view name) {
  for (auto mode : {AuthenticationMode::kConfigMap, AuthenticationMode::kApiAndConfigMap,
                    AuthenticationMode::kApi}) {
    if (ModeName(mode) == name) return mode;
  }
  return std::nullopt;
}

bool AdmitsAccessEntries(AuthenticationMode mode) { return mode != AuthenticationMode::kConfigMap; }
bool ReadsAwsAuth(AuthenticationMode mode) { return mode != AuthenticationMode::kApi; }

std::string AccessScope::ToString() const {
  if (type == Type::kCluster) return "cluster";
  return fmt::format("namespace:{}", fmt::join(namespaces, ","));
}

EksClient::EksClient(net::Transport& transport, std::string endpoint, std::string region,
                     Clock clock, std::chrono::milliseconds timeout)
    : call_(transport, std::move(endpoint), std::move(region), kService, std::move(clock),
            timeout) {}

namespace {

/// Follows `nextToken` through every page of a list call, handing each page to `take`.
template <typename Take>
void EachPage(const std::function<nlohmann::json(const encoding::Params&)>& call,
              std::string_view operation, Take take) {
  std::string token;
  for (int page = 0; page < EksClient::kMaxPages; ++page) {
    encoding::Params query;
    if (!token.empty()) query.emplace_back("nextToken", token);
    auto reply = call(query);
    take(reply);
    auto next = reply.find("nextToken");
    if (next == reply.end() || !next->is_string() || next->get<std::string>().empty()) return;
    if (next->get<std::string>() == token)
      throw Error(fmt::format("EKS {}: the server repeated its nextToken", operation));
    token = next->get<std::string>();
  }
  throw Error(fmt::format("EKS {}: more than {} pages; stopped", operation, EksClient::kMaxPages));
}

}  // namespace

nlohmann::json EksClient::Call(const Credentials& credentials, std::string_view operation,
                               std::string_view method, const std::string& path,
                               const encoding::Params& query, const std::string* body) {
  net::Request request = call_.NewRequest(method, path, query);
  if (body) {
    request.headers = {{"Content-Type", "application/json"}};
    request.body = *body;
  }
  const net::Response response = call_.Send(std::move(request), &credentials);
  if (response.status < 200 || response.status > 299) throw EksErrorFor(operation, response);
  if (response.body.empty()) return nlohmann::json::object();
  auto reply = nlohmann::json::parse(response.body, nullptr, false);
  if (!reply.is_object())
    throw Error(fmt::format("EKS {}: malformed reply (not a JSON object)", operation));
  return reply;
}

EksCluster EksClient::DescribeCluster(const Credentials& credentials, const std::string& cluster) {
  auto reply = Call(credentials, "DescribeCluster", "GET", ClusterPath(cluster), {}, nullptr);
  return eks_json::ClusterFrom(reply);
}

std::vector<std::string> EksClient::ListAccessEntries(const Credentials& credentials,
                                                      const std::string& cluster) {
  std::vector<std::string> out;
  const std::string path = ClusterPath(cluster) + "/access-entries";
  EachPage(
      [&](const encoding::Params& q) {
        return Call(credentials, "ListAccessEntries", "GET", path, q, nullptr);
      },
      "ListAccessEntries",
      [&](const nlohmann::json& page) {
        for (auto& arn : eks_json::Strings(page, "accessEntries", "ListAccessEntries"))
          out.push_back(std::move(arn));
      });
  return out;
}

std::optional<AccessEntry> EksClient::DescribeAccessEntry(const Credentials& credentials,
                                                          const std::string& cluster,
                                                          const std::string& principal_arn) {
  try {
    auto reply = Call(credentials, "DescribeAccessEntry", "GET", EntryPath(cluster, principal_arn),
                      {}, nullptr);
    return eks_json::EntryFrom(reply, "DescribeAccessEntry");
  } catch (const ServiceError& e) {
    if (e.code() == "ResourceNotFoundException") return std::nullopt;
    throw;
  }
}

AccessEntry EksClient::CreateAccessEntry(const Credentials& credentials, const std::string& cluster,
                                         const AccessEntry& entry) {
  nlohmann::json body = {{"principalArn", entry.principal_arn}};
  if (!entry.kubernetes_groups.empty()) body["kubernetesGroups"] = entry.kubernetes_groups;
  if (!entry.username.empty()) body["username"] = entry.username;
  if (!entry.type.empty() && entry.type != "STANDARD") body["type"] = entry.type;
  const std::string text = body.dump();
  auto reply = Call(credentials, "CreateAccessEntry", "POST",
                    ClusterPath(cluster) + "/access-entries", {}, &text);
  return eks_json::EntryFrom(reply, "CreateAccessEntry");
}

AccessEntry EksClient::UpdateAccessEntry(const Credentials& credentials, const std::string& cluster,
                                         const AccessEntry& entry) {
  nlohmann::json body = {{"kubernetesGroups", entry.kubernetes_groups}};
  if (!entry.username.empty()) body["username"] = entry.username;
  const std::string text = body.dump();
  auto reply = Call(credentials, "UpdateAccessEntry", "POST",
                    EntryPath(cluster, entry.principal_arn), {}, &text);
  return eks_json::EntryFrom(reply, "UpdateAccessEntry");
}

void EksClient::DeleteAccessEntry(const Credentials& credentials, const std::string& cluster,
                                  const std::string& principal_arn) {
  Call(credentials, "DeleteAccessEntry", "DELETE", EntryPath(cluster, principal_arn), {}, nullptr);
}

void EksClient::AssociateAccessPolicy(const Credentials& credentials, const std::string& cluster,
                                      const std::string& principal_arn,
                                      const std::string& policy_arn, const AccessScope& scope) {
  nlohmann::json body = {{"policyArn", policy_arn}, {"accessScope", eks_json::ScopeJson(scope)}};
  const std::string text = body.dump();
  Call(credentials, "AssociateAccessPolicy", "POST",
       EntryPath(cluster, principal_arn) + "/access-policies", {}, &text);
}

void EksClient::DisassociateAccessPolicy(const Credentials& credentials, const std::string& cluster,
                                         const std::string& principal_arn,
                                         const std::string& policy_arn) {
  Call(credentials, "DisassociateAccessPolicy", "DELETE",
       EntryPath(cluster, principal_arn) + "/access-policies/" + Label(policy_arn), {}, nullptr);
}

std::vector<AssociatedPolicy> EksClient::ListAssociatedAccessPolicies(
    const Credentials& credentials, const std::string& cluster, const std::string& principal_arn) {
  std::vector<AssociatedPolicy> out;
  const std::string path = EntryPath(cluster, principal_arn) + "/access-policies";
  EachPage(
      [&](const encoding::Params& q) {
        return Call(credentials, "ListAssociatedAccessPolicies", "GET", path, q, nullptr);
      },
      "ListAssociatedAccessPolicies",
      [&](const nlohmann::json& page) {
        for (auto& p : eks_json::AssociatedFrom(page)) out.push_back(std::move(p));
      });
  return out;
}

std::vector<AccessPolicy> EksClient::ListAccessPolicies(const Credentials& credentials) {
  std::vector<AccessPolicy> out;
  EachPage(
      [&](const encoding::Params& q) {
        return Call(credentials, "ListAccessPolicies", "GET", "/access-policies", q, nullptr);
      },
      "ListAccessPolicies",
      [&](const nlohmann::json& page) {
        for (auto& p : eks_json::PoliciesFrom(page)) out.push_back(std::move(p));
      });
  return out;
}

}  // namespace ssomap::aws
