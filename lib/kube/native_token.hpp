#pragma once
/// The native EKS token: what `aws eks get-token` / `aws-iam-authenticator token` would print,
/// made in-process from the exec's profile, region, cluster and role with the AWS credential
/// chain (lib/aws/chain) and the presigned STS URL (lib/aws/eks_token).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/chain.hpp"
#include "aws/credentials.hpp"
#include "aws/eks_token.hpp"
#include "aws/endpoints.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "kube/auth.hpp"
#include "kube/eks_exec.hpp"
#include "net/transport.hpp"

namespace ssomap::kube {

/// An environment with an exec's `env` entries laid over another (they win, as in the child).
class OverlayEnvironment final : public Environment {
 public:
  OverlayEnvironment(const Environment& base,
                     const std::vector<std::pair<std::string, std::string>>& overlay);
  std::optional<std::string> Get(const std::string& name) const override;
  std::string Home() const override { return base_.Home(); }

 private:
  const Environment& base_;
  std::map<std::string, std::string> overlay_;
};

/// The credentials an EKS token exec signs with, and where: its profile's resolved with the AWS
/// chain (`seams.env` with the exec's `env` laid over it; `seams.prompt` asks for MFA codes,
/// nullptr fails instead), then `exec.role_arn` assumed on top (AssumeExecRole). `sts` and
/// `ca_bundle` are the profile's; calls to STS go through a CaBundleTransport with it. Each
/// request gives up after `timeout` (0: the transport's default). Throws ssomap::Error.
aws::ProfileCredentials ResolveExecCredentials(const EksExec& exec,
                                               std::chrono::milliseconds timeout,
                                               const aws::ProfileSeams& seams);

/// The EKS token `exec` asks for, made in-process: ResolveExecCredentials, then the presigned STS
/// URL for `exec.cluster_id` signed against the STS endpoint of the exec's region. Throws
/// ssomap::Error.
aws::EksToken MakeNativeToken(const EksExec& exec, std::chrono::milliseconds timeout,
                              const aws::ProfileSeams& seams);

/// NativeTokenSource over the AWS chain. Everything is borrowed and must outlive it.
class AwsNativeTokenSource final : public NativeTokenSource {
 public:
  AwsNativeTokenSource(const Environment& env, net::Transport& transport, ProcessRunner& processes,
                       Clock clock, std::chrono::milliseconds timeout);

  /// Resolves the profile's credentials (no MFA prompt: a profile that needs one fails here and
  /// the exec runs instead), assumes `exec.role_arn` if set, and presigns for `exec.cluster_id`
  /// against the STS endpoint of the exec's region. Throws ssomap::Error.
  Credential Token(const EksExec& exec) override;

 private:
  const Environment& env_;
  net::Transport& transport_;
  ProcessRunner& processes_;
  Clock clock_;
  std::chrono::milliseconds timeout_;
};

}  // namespace ssomap::kube
