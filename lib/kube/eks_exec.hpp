#pragma once
/// Recognising `aws eks get-token`, `aws-iam-authenticator token` and our own `kubectl-ssomap
/// token` exec plugins, so the same EKS token can be made natively (no process start-up), and the
/// profile a context uses.

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kube/context.hpp"
#include "kube/credential.hpp"
#include "kube/kubeconfig.hpp"

namespace ssomap::kube {

/// What an EKS token exec asks for.
struct EksExec {
  /// kSsomap: `kubectl-ssomap token` / `kubectl ssomap token`, the AWS CLI's drop-in.
  enum class Tool { kAwsCli, kAwsIamAuthenticator, kSsomap };
  Tool tool = Tool::kAwsCli;
  std::string profile;  ///< --profile, else AWS_PROFILE in env; empty = the chain's default
  std::string
      region;  ///< --region, else AWS_REGION / AWS_DEFAULT_REGION in env; empty = the profile's
  std::string cluster_id;  ///< --cluster-name / --cluster-id / -i: the x-k8s-aws-id value
  std::string role_arn;    ///< --role-arn / -r: assumed before signing; empty = none
  std::string
      session_name;  ///< --session-name / -s for the assumed role; empty = the tool's default
  std::string external_id;         ///< aws-iam-authenticator -e / --external-id; empty = none
  bool profile_from_args = false;  ///< --profile was given (the AWS CLI then ignores env keys)
  /// The exec's env entries: overlay them on the process environment when resolving credentials.
  std::vector<std::pair<std::string, std::string>> env;
};

/// Parses `exec` when it is `aws [global options] eks get-token ...`,
/// `aws-iam-authenticator token ...`, `kubectl-ssomap token ...` or `kubectl ssomap token ...`
/// (command by basename) with only options we understand.
/// Otherwise nullopt, with the reason in `why_not` (for -v 4 logs).
std::optional<EksExec> ParseEksExec(const ExecConfig& exec, std::string* why_not = nullptr);

/// The session name the exec's tool gives the role it assumes: `--session-name`, else the AWS
/// CLI's `EKSGetTokenAuth` (awscli customizations/eks/get_token.py; also ours, its drop-in), else
/// for aws-iam-authenticator the AWS SDK for Go v2's `aws-go-sdk-<Unix nanoseconds>`
/// (credentials/stscreds AssumeRoleProvider.Retrieve; pkg/token/token.go sets no name).
std::string AssumedSessionName(const EksExec& exec, std::chrono::nanoseconds since_epoch);

/// The AWS profile the context's exec uses: `--profile` in its args (it wins in the AWS CLI),
/// else AWS_PROFILE in its env; empty when it has no exec or names none. `--profile` defaults
/// to this, then to $AWS_PROFILE, then to "default" (DESIGN.md §2).
std::string ExecProfile(const ResolvedContext& context);

/// The seam the native EKS token generator plugs into (lib/aws eks_token + the credential chain).
class NativeTokenSource {
 public:
  virtual ~NativeTokenSource() = default;
  /// A `k8s-aws-v1.` bearer token for `exec` with its expiry. Throws ssomap::Error when the
  /// credentials cannot be resolved natively; the caller then runs the exec instead.
  virtual Credential Token(const EksExec& exec) = 0;
};

}  // namespace ssomap::kube
