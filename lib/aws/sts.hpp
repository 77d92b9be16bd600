#pragma once
/// AWS STS over the query protocol (version 2011-06-15), signed with SigV4.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "aws/service_call.hpp"
#include "core/clock.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// The RoleSessionName prefix botocore uses when `role_session_name` is not configured
/// (followed by the epoch seconds).
inline constexpr std::string_view kDefaultSessionPrefix = "botocore-session-";

/// GetCallerIdentity's answer.
struct CallerIdentity {
  std::string
      arn;  ///< e.g. arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_X_0123456789abcdef/jane
  std::string user_id;  ///< e.g. AROAEXAMPLE:jane
  std::string account;
};

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;
  std::string external_id;  ///< empty = none
  std::optional<int> duration_seconds;
  std::string mfa_serial;  ///< empty = none
  std::string mfa_token;   ///< the code; a secret while valid
};

struct WebIdentityParams {
  std::string role_arn;
  std::string session_name;
  std::string web_identity_token;  ///< a secret
  std::optional<int> duration_seconds;
};

/// One STS endpoint. AWS errors become ssomap::Error with the AWS code and what to do
/// (ExpiredToken: sign in again; InvalidClientTokenId: the keys are wrong;
/// SignatureDoesNotMatch: the secret or the clock).
class StsClient {
 public:
  /// `endpoint` is the full URL, e.g. https://sts.us-east-1.amazonaws.com; `region` is the signing
  /// region.
  StsClient(net::Transport& transport, std::string endpoint, std::string region, Clock clock,
            std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  CallerIdentity GetCallerIdentity(const Credentials& credentials);
  Credentials AssumeRole(const Credentials& source, const AssumeRoleParams& params);
  Credentials AssumeRoleWithWebIdentity(const WebIdentityParams& params);

 private:
  ServiceCall call_;
};

}  // namespace ssomap::aws
