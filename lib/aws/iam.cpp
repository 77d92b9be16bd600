// IamClient: GetRole and ListRoles over the query protocol, POST form bodies.
#include "aws/iam.hpp"

#include <fmt/format.h>

#include "aws/service_error.hpp"
#include "aws/sigv4.hpp"
#include "core/encoding.hpp"
#include "net/url.hpp"

namespace ssomap::aws {
namespace {

constexpr std::string_view kApiVersion = "2010-05-08";
constexpr std::string_view kService = "iam";
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded; charset=utf-8";

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
    : transport_(transport),
      endpoint_(std::move(endpoint)),
      region_(std::move(signing_region)),
      clock_(std::move(clock)),
      timeout_(timeout) {}

namespace {

std::string Send(net::Transport& transport, const std::string& endpoint, const std::string& region,
                 const Clock& clock, std::chrono::milliseconds timeout,
                 const Credentials& credentials, std::string_view action, encoding::Params params) {
  params.insert(params.begin(),
                {{"Action", std::string(action)}, {"Version", std::string(kApiVersion)}});
  net::Url url = net::ParseUrl(endpoint);
  // A char, not "/": GCC 12's bogus -Werror=restrict at -O3 on a one-character literal assigned
  // to std::string (GCC bug 105329) fails the release build.
  if (url.path.empty()) url.path = '/';
  net::Request request;
  request.method = "POST";
  request.url = url.ToString();
  request.headers = {{"Content-Type", std::string(kFormContentType)}};
  request.body = encoding::FormEncode(params);
  request.timeout = timeout;
  request.follow_redirects = false;  // a redirect would carry a signature to another host
  sigv4::SignRequest(request, credentials, {region, std::string(kService), clock()});
  auto response = transport.Send(request);
  if (response.status != 200) throw IamErrorFor(action, response);
  return std::move(response.body);
}

}  // namespace

IamRole IamClient::GetRole(const Credentials& credentials, const std::string& role_name) {
  return iam_xml::GetRoleReply(Send(transport_, endpoint_, region_, clock_, timeout_, credentials,
                                    "GetRole", {{"RoleName", role_name}}));
}

std::vector<IamRole> IamClient::ListRoles(const Credentials& credentials,
                                          const std::string& path_prefix) {
  std::vector<IamRole> out;
  std::string marker;
  for (int page = 0; page < kMaxPages; ++page) {
    encoding::Params params = {{"PathPrefix", path_prefix}};
    if (!marker.empty()) params.emplace_back("Marker", marker);
    auto reply = iam_xml::ListRolesReply(Send(transport_, endpoint_, region_, clock_, timeout_,
                                              credentials, "ListRoles", std::move(params)));
    for (auto& role : reply.roles) out.push_back(std::move(role));
    if (reply.marker.empty()) return out;
    if (reply.marker == marker) throw Error("IAM ListRoles: the server repeated its Marker");
    marker = std::move(reply.marker);
  }
  throw Error(fmt::format("IAM ListRoles: more than {} pages; stopped", kMaxPages));
}

}  // namespace ssomap::aws
