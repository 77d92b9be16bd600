#include "aws/eks_token.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "aws/sigv4.hpp"
#include "core/encoding.hpp"
#include "core/timestamp.hpp"
#include "net/url.hpp"

namespace ssomap::aws {
namespace {

/// The presigned call: GetCallerIdentity as a GET query (aws-iam-authenticator replays it).
constexpr std::string_view kQuery = "Action=GetCallerIdentity&Version=2011-06-15";
constexpr std::string_view kService = "sts";
constexpr std::array<std::string_view, 3> kKnownExecVersions = {
    "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    "client.authentication.k8s.io/v1alpha1"};

}  // namespace

EksToken MakeEksToken(std::string_view cluster_id, const Credentials& credentials,
                      std::string_view sts_endpoint, std::string_view region, TimePoint now) {
  net::Url url = net::ParseUrl(sts_endpoint);
  url.path = "/";  // the authenticator accepts only "/"
  url.query = std::string(kQuery);
  url.has_query = true;
  net::Request request;
  request.method = "GET";
  request.url = url.ToString();
  request.headers = {{std::string(kClusterIdHeader), std::string(cluster_id)}};
  const std::string presigned = sigv4::PresignUrl(
      request, credentials, {std::string(region), std::string(kService), now}, kPresignExpires);
  return {std::string(kEksTokenPrefix) + encoding::Base64UrlNoPad(presigned), now + kTokenLifetime};
}

std::string ExecCredentialApiVersion(const std::optional<std::string>& exec_info,
                                     std::string* warning) {
  if (!exec_info || exec_info->empty()) return std::string(kDefaultExecApiVersion);
  const auto json = nlohmann::json::parse(*exec_info, nullptr, false);
  const nlohmann::json* version = nullptr;
  if (!json.is_discarded() && json.is_object()) {
    if (auto it = json.find("apiVersion"); it != json.end() && it->is_string()) version = &*it;
  }
  if (!version) {
    if (warning)
      *warning = "KUBERNETES_EXEC_INFO is malformed; answering with " +
                 std::string(kDefaultExecApiVersion);
    return std::string(kDefaultExecApiVersion);
  }
  const auto value = version->get<std::string>();
  for (auto known : kKnownExecVersions) {
    if (value == known) {
      if (warning && value.ends_with("v1alpha1"))
        *warning = value + " is deprecated; kubectl supports v1beta1 and v1";
      return value;
    }
  }
  if (warning)
    *warning = "unknown ExecCredential apiVersion " + value + "; answering with " +
               std::string(kDefaultExecApiVersion);
  return std::string(kDefaultExecApiVersion);
}

std::string ExecCredentialJson(const EksToken& token, std::string_view api_version) {
  nlohmann::ordered_json out = {
      {"kind", "ExecCredential"},
      {"apiVersion", api_version},
      {"spec", nlohmann::ordered_json::object()},
      {"status",
       {{"expirationTimestamp", timestamp::FormatRfc3339(token.expiration)},
        {"token", token.token}}},
  };
  return out.dump(2) + "\n";
}

}  // namespace ssomap::aws
