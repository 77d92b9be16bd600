#pragma once
/// `token`: the EKS bearer token as an ExecCredential, a drop-in for `aws eks get-token` in a
/// kubeconfig's exec (awscli customizations/eks/get_token.py): the same token, expiry and JSON,
/// without the AWS CLI's start-up.

#include <chrono>
#include <string>

#include "aws/chain.hpp"

namespace ssomap::ops {

struct TokenRequest {
  std::string cluster_id;    ///< --cluster-name, or --cluster-id (Outposts): the x-k8s-aws-id
  std::string role_arn;      ///< --role-arn: assumed before signing; empty = none
  std::string session_name;  ///< --session-name; empty = the CLI's `EKSGetTokenAuth`
  std::string profile;       ///< --profile; empty = AWS_PROFILE, AWS_DEFAULT_PROFILE, default
  std::string region;        ///< --region; empty = AWS_REGION, AWS_DEFAULT_REGION, the profile's
  std::chrono::milliseconds timeout{0};  ///< --request-timeout, per request
};

/// The seams `token` runs on: the environment (with KUBERNETES_EXEC_INFO), the transport to STS,
/// credential_process, the clock, and the MFA prompt (the terminal, /dev/tty, when there is one).
using TokenSeams = aws::ProfileSeams;

struct TokenResult {
  std::string exec_credential;  ///< the ExecCredential JSON for stdout; holds the token (secret)
  std::string warning;          ///< why KUBERNETES_EXEC_INFO's apiVersion was not used; or empty
};

/// Makes the token (kube::MakeNativeToken) and the ExecCredential in the apiVersion kubectl asks
/// for in KUBERNETES_EXEC_INFO (aws::ExecCredentialApiVersion). Throws ssomap::Error: Exit::kAuth
/// for missing, expired or rejected credentials, as whoami does.
TokenResult Token(const TokenRequest& request, const TokenSeams& seams);

}  // namespace ssomap::ops
