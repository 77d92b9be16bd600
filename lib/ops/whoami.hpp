#pragma once
/// `whoami`: resolve a profile's AWS credentials, ask STS who they are, and derive what aws-auth
/// needs to map that identity.

#include <chrono>
#include <optional>
#include <string>

#include "aws/provider.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "net/transport.hpp"

namespace ssomap::ops {

struct WhoamiRequest {
  std::string profile;  ///< --profile; empty = AWS_PROFILE, AWS_DEFAULT_PROFILE, default
  std::string region;   ///< --region; empty = AWS_REGION, AWS_DEFAULT_REGION, the profile's
  std::chrono::milliseconds timeout{0};  ///< --request-timeout, per request
};

/// The seams whoami runs on.
struct WhoamiSeams {
  const Environment& env;
  net::Transport& transport;
  ProcessRunner& processes;
  Clock clock;
  aws::Prompt* prompt = nullptr;
};

struct WhoamiResult {
  std::string arn;  ///< the caller ARN STS reports
  std::string user_id;
  std::string account;
  std::optional<std::string> session_name;    ///< for assumed roles
  std::string aws_auth_arn;                   ///< the form to write in aws-auth
  std::optional<std::string> permission_set;  ///< for IAM Identity Center roles
  std::string profile;
  std::string credential_source;  ///< the provider of the chain that answered
  std::string region;             ///< the region STS was called in
  std::string sts_endpoint;
};

/// Runs whoami. Throws ssomap::Error: Exit::kAuth for missing, expired or rejected credentials.
WhoamiResult Whoami(const WhoamiRequest& request, WhoamiSeams& seams);

}  // namespace ssomap::ops
