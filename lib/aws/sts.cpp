// StsClient: the STS query protocol (POST form bodies, version 2011-06-15) over net::Transport.
#include "aws/sts.hpp"

#include <fmt/format.h>

#include "aws/sts_reply.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

constexpr std::string_view kApiVersion = "2011-06-15";
/// STS's signing name.
constexpr std::string_view kService = "sts";
constexpr long kOk = 200;

Credentials CredentialsFrom(const sts::Reply& reply) {
  Credentials out;
  out.access_key_id = reply.Require({"Credentials", "AccessKeyId"});
  out.secret_access_key = reply.Require({"Credentials", "SecretAccessKey"});
  out.session_token = reply.Require({"Credentials", "SessionToken"});
  const std::string expiration = reply.Require({"Credentials", "Expiration"});
  if (auto time = timestamp::ParseLenient(expiration)) {
    out.expiration = *time;
  } else if (expiration.find_first_not_of("0123456789.") == std::string::npos) {
    out.expiration = timestamp::FromEpochMillis(
        static_cast<long long>(std::stod(expiration) * 1000));  // JSON epoch seconds
  } else {
    throw Error(fmt::format("STS: malformed reply (Expiration {} is not a time)", expiration));
  }
  return out;
}

/// One STS call: signed when `credentials` is given; returns the parsed result or throws the AWS
/// error.
sts::Reply Call(const ServiceCall& call, std::string_view action, const encoding::Params& params,
                const Credentials* credentials, bool want_json) {
  net::Request request = call.FormRequest(action, kApiVersion, params);
  if (want_json) request.headers.emplace_back("Accept", "application/json");
  const net::Response response = call.Send(std::move(request), credentials);
  if (response.status != kOk) throw sts::ErrorFor(response.status, response.body, action);
  return sts::Reply::Parse(response.body, action);
}

}  // namespace

StsClient::StsClient(net::Transport& transport, std::string endpoint, std::string region,
                     Clock clock, std::chrono::milliseconds timeout)
    : call_(transport, std::move(endpoint), std::move(region), kService, std::move(clock),
            timeout) {}

CallerIdentity StsClient::GetCallerIdentity(const Credentials& credentials) {
  const auto reply = Call(call_, "GetCallerIdentity", {}, &credentials, true);
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
  const auto reply = Call(call_, "AssumeRole", form, &source, false);
  return CredentialsFrom(reply);
}

Credentials StsClient::AssumeRoleWithWebIdentity(const WebIdentityParams& params) {
  encoding::Params form = {{"RoleArn", params.role_arn},
                           {"RoleSessionName", params.session_name},
                           {"WebIdentityToken", params.web_identity_token}};
  if (params.duration_seconds)
    form.emplace_back("DurationSeconds", std::to_string(*params.duration_seconds));
  // Unsigned: the web identity token is the credential (authtype none).
  const auto reply = Call(call_, "AssumeRoleWithWebIdentity", form, nullptr, false);
  return CredentialsFrom(reply);
}

}  // namespace ssomap::aws
