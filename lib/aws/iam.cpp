// IamClient: GetRole and ListRoles over the query protocol, POST form bodies.
#include "aws/iam.hpp"

#include <fmt/format.h>

#include "aws/service_error.hpp"
#include "core/encoding.hpp"

namespace ssomap::aws {
namespace {

constexpr std::string_view kApiVersion = "2010-05-08";
constexpr std::string_view kService = "iam";

std::string HintFor(std::string_view code, std::string_view operation) {
  if (code == "NoSuchEntity")
    return "IAM answers only for roles of the credentials' own account: use credentials of the "
           "role's account, or give the role ARN with its path with --arn";
  if (code == "AccessDenied")
    return fmt::format(
        "these credentials may not call iam:{}: use a profile that may (--admin-profile, or "
        "--profile for the mapped identity), or give the role ARN with its path with --arn",
        operation);
  if (code == "Throttling" || code == "ServiceUnavailable" || code == "ServiceFailure")
    return "IAM could not answer now; try again in a minute";
  if (IsAuthenticationCode(code))
    return "the AWS credentials were rejected: sign in again (`aws sso login --profile "
           "PROFILE`)";
  return {};
}

ServiceError IamErrorFor(std::string_view operation, const net::Response& response) {
  auto error = iam_xml::ErrorReply(response.body);
  std::string code = error.code.empty() ? fmt::format("HTTP {}", response.status) : error.code;
  std::string message = error.message.empty()
                            ? fmt::format("IAM {}: {}", operation, code)
                            : fmt::format("IAM {}: {}: {}", operation, code, error.message);
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  const bool auth = code == "AccessDenied" || IsAuthenticationCode(code);
  return ServiceError(message, HintFor(code, operation), auth ? Exit::kAuth : Exit::kError,
                      error.code, response.status);
}

}  // namespace

IamClient::IamClient(net::Transport& transport, std::string endpoint, std::string signing_region,
                     Clock clock, std::chrono::milliseconds timeout)
    : call_(transport, std::move(endpoint), std::move(signing_region), kService, std::move(clock),
            timeout) {}

namespace {

std::string Send(const ServiceCall& call, const Credentials& credentials, std::string_view action,
                 const encoding::Params& params) {
  auto response = call.Send(call.FormRequest(action, kApiVersion, params), &credentials);
  if (response.status != 200) throw IamErrorFor(action, response);
  return std::move(response.body);
}

}  // namespace

IamRole IamClient::GetRole(const Credentials& credentials, const std::string& role_name) {
  return iam_xml::GetRoleReply(Send(call_, credentials, "GetRole", {{"RoleName", role_name}}));
}

std::vector<IamRole> IamClient::ListRoles(const Credentials& credentials,
                                          const std::string& path_prefix) {
  std::vector<IamRole> out;
  std::string marker;
  for (int page = 0; page < kMaxPages; ++page) {
    encoding::Params params = {{"PathPrefix", path_prefix}};
    if (!marker.empty()) params.emplace_back("Marker", marker);
    auto reply = iam_xml::ListRolesReply(Send(call_, credentials, "ListRoles", params));
    for (auto& role : reply.roles) out.push_back(std::move(role));
    if (reply.marker.empty()) return out;
    if (reply.marker == marker) throw Error("IAM ListRoles: the server repeated its Marker");
    marker = std::move(reply.marker);
  }
  throw Error(fmt::format("IAM ListRoles: more than {} pages; stopped", kMaxPages));
}

}  // namespace ssomap::aws
