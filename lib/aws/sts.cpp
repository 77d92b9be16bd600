// StsClient: the STS query protocol (POST form bodies, version 2011-06-15) over net::Transport.
#include "aws/sts.hpp"

#include <fmt/format.h>

#include "aws/sigv4.hpp"
#include "aws/sts_reply.hpp"
#include "aws/timestamp.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "net/url.hpp"

namespace ssomap::aws {
namespace {

constexpr std::string_view kApiVersion = "2011-06-15";
/// STS's signing name.
constexpr std::string_view kService = "sts";
/// The content type botocore sends (and signs) for query-protocol bodies.
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded; charset=utf-8";
constexpr long kOk = 200;

Credentials CredentialsFrom(const sts::Reply& reply) {
  Credentials out;
  out.access_key_id = reply.Require({"Credentials", "AccessKeyId"});
  out.secret_access_key = reply.Require({"Credentials", "SecretAccessKey"});
  out.session_token = reply.Require({"Credentials", "SessionToken"});
  const std::string expiration = reply.Require({"Credentials", "Expiration"});
  if (auto time = ParseTimestamp(expiration)) {
    out.expiration = *time;
  } else if (expiration.find_first_not_of("0123456789.") == std::string::npos) {
    out.expiration = FromEpochMillis(
        static_cast<long long>(std::stod(expiration) * 1000));  // JSON epoch seconds
  } else {
    throw Error(fmt::format("STS: malformed reply (Expiration {} is not a time)", expiration));
  }
  return out;
}

}  // namespace

StsClient::StsClient(net::Transport& transport, std::string endpoint, std::string region,
                     Clock clock, std::chrono::milliseconds timeout)
    : transport_(transport),
      endpoint_(std::move(endpoint)),
      region_(std::move(region)),
      clock_(std::move(clock)),
      timeout_(timeout) {}

namespace {

/// One STS call: builds the form body, signs it when `credentials` is given, sends it, and
/// returns the parsed result or throws the AWS error.
sts::Reply Call(net::Transport& transport, const std::string& endpoint, const std::string& region,
                const Clock& clock, std::chrono::milliseconds timeout, std::string_view action,
                encoding::Params params, const Credentials* credentials, bool want_json) {
  params.insert(params.begin(),
                {{"Action", std::string(action)}, {"Version", std::string(kApiVersion)}});
  net::Request request;
  request.method = "POST";
  net::Url url = net::ParseUrl(endpoint);
  // A char, not "/": GCC 12 at -O3 reports a bogus -Wrestrict for assigning a one-character
  // literal to std::string (GCC bug 105329).
  if (url.path.empty()) url.path = '/';
  request.url = url.ToString();
  request.headers = {{"Content-Type", std::string(kFormContentType)}};
  if (want_json) request.headers.emplace_back("Accept", "application/json");
  request.body = encoding::FormEncode(params);
  request.timeout = timeout;
  request.follow_redirects = false;  // a redirect would carry a signature to another host
  if (credentials)
    sigv4::SignRequest(request, *credentials, {region, std::string(kService), clock()});
  const net::Response response = transport.Send(request);
  if (response.status != kOk) throw sts::ErrorFor(response.status, response.body, action);
  return sts::Reply::Parse(response.body, action);
}

}  // namespace

CallerIdentity StsClient::GetCallerIdentity(const Credentials& credentials) {
  const auto reply = Call(transport_, endpoint_, region_, clock_, timeout_, "GetCallerIdentity", {},
                          &credentials, true);
  return {reply.Require({"Arn"}), reply.Require({"UserId"}), reply.Require({"Account"})};
}

Credentials StsClient::AssumeRole(const Credentials& source, const AssumeRoleParams& params) {
  encoding::Params form = {{"RoleArn", params.role_arn}, {"RoleSessionName", params.session_name}};
  if (params.duration_seconds)
    form.emplace_back("DurationSeconds", std::to_string(*params.duration_seconds));
  if (!params.external_id.empty()) form.emplace_back("ExternalId", params.external_id);
  if (!params.mfa_serial.empty()) {
    form.emplace_back("SerialNumber", params.mfa_serial);
    form.emplace_back("TokenCode", params.mfa_token);
  }
  // XML: the JSON form of Expiration is not documented.
  const auto reply = Call(transport_, endpoint_, region_, clock_, timeout_, "AssumeRole",
                          std::move(form), &source, false);
  return CredentialsFrom(reply);
}

Credentials StsClient::AssumeRoleWithWebIdentity(const WebIdentityParams& params) {
  encoding::Params form = {{"RoleArn", params.role_arn},
                           {"RoleSessionName", params.session_name},
                           {"WebIdentityToken", params.web_identity_token}};
  if (params.duration_seconds)
    form.emplace_back("DurationSeconds", std::to_string(*params.duration_seconds));
  // Unsigned: the web identity token is the credential (authtype none).
  const auto reply = Call(transport_, endpoint_, region_, clock_, timeout_,
                          "AssumeRoleWithWebIdentity", std::move(form), nullptr, false);
  return CredentialsFrom(reply);
}

}  // namespace ssomap::aws
