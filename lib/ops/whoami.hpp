#pragma once
/// `whoami`: resolve a profile's AWS credentials, ask STS who they are, and derive what aws-auth
/// needs to map that identity.

#include <chrono>
#include <optional>
#include <string>

#include "aws/chain.hpp"
#include "aws/provider.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "kube/eks_exec.hpp"
#include "net/transport.hpp"

namespace ssomap::ops {

struct WhoamiRequest {
  std::string profile;  ///< --profile; empty = AWS_PROFILE, AWS_DEFAULT_PROFILE, default
  std::string region;   ///< --region; empty = AWS_REGION, AWS_DEFAULT_REGION, the profile's
  std::chrono::milliseconds timeout{0};  ///< --request-timeout, per request
  /// The context's EKS token exec whose identity to test instead of `profile` (issue 10 §3):
  /// its env laid over the environment, its profile (`--profile` args as the flag, AWS_PROFILE
  /// as the environment), its region (unless `region`), and its role assumed on top with STS
  /// AssumeRole under the session name its tool uses (kube::AssumedSessionName).
  std::optional<kube::EksExec> exec = std::nullopt;
};

/// The seams whoami runs on.
/// The seams whoami runs on: the credential chain's (environment, transport, processes, clock,
/// MFA prompt).
using WhoamiSeams = aws::ProfileSeams;

struct WhoamiResult {
  std::string arn;  ///< the caller ARN STS reports
  std::string user_id;
  std::string account;
  std::optional<std::string> session_name;    ///< for assumed roles
  std::string aws_auth_arn;                   ///< the form to write in aws-auth
  std::optional<std::string> permission_set;  ///< for IAM Identity Center roles
  std::string profile;
  std::string credential_source;  ///< the provider of the chain that answered
  std::string assumed_role;       ///< the role assumed on top (the exec's --role-arn); empty = none
  std::string region;             ///< the region STS was called in
  std::string sts_endpoint;
};

/// Runs whoami. Throws ssomap::Error: Exit::kAuth for missing, expired or rejected credentials.
WhoamiResult Whoami(const WhoamiRequest& request, WhoamiSeams& seams);

}  // namespace ssomap::ops
