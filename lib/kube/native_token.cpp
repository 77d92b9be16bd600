#include "kube/native_token.hpp"

#include <fmt/format.h>

#include "aws/chain.hpp"
#include "aws/config_file.hpp"
#include "aws/eks_token.hpp"
#include "aws/endpoints.hpp"
#include "aws/sts.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace ssomap::kube {
namespace {

/// Level of the "made natively" line (kubectl's -v 4: debug detail).
constexpr int kLogLevel = 4;

// The credentials of the role `exec` assumes on top of its profile's (`base`), assumed as its
// tool does: STS AssumeRole at `sts` with the session name of AssumedSessionName and the exec's
// external id (awscli customizations/eks/get_token.py; aws-iam-authenticator pkg/token/token.go).
// `base.source` is kept. Throws ssomap::Error naming the role and `profile`.
aws::Credentials AssumeExecRole(const EksExec& exec, const aws::Credentials& base,
                                const std::string& profile, const aws::Endpoint& sts,
                                net::Transport& transport, const Clock& clock,
                                std::chrono::milliseconds timeout) {
  const auto session = AssumedSessionName(exec, clock().time_since_epoch());
  log::Logf(1, "STS AssumeRole {} (session {}) at {}", exec.role_arn, session, sts.url);
  aws::StsClient client(transport, sts.url, sts.signing_region, clock, timeout);
  try {
    auto assumed = client.AssumeRole(base, {exec.role_arn, session, exec.external_id, {}, {}, {}});
    assumed.source = base.source;
    return assumed;
  } catch (const Error& e) {
    throw e.WithContext(fmt::format(
        "STS AssumeRole of {} (the context's exec assumes it) with {} credentials of profile {}",
        exec.role_arn, base.source, profile));
  }
}

}  // namespace

OverlayEnvironment::OverlayEnvironment(
    const Environment& base, const std::vector<std::pair<std::string, std::string>>& overlay)
    : base_(base) {
  for (const auto& [name, value] : overlay) overlay_[name] = value;
}

std::optional<std::string> OverlayEnvironment::Get(const std::string& name) const {
  if (auto it = overlay_.find(name); it != overlay_.end()) return it->second;
  return base_.Get(name);
}

AwsNativeTokenSource::AwsNativeTokenSource(const Environment& env, net::Transport& transport,
                                           ProcessRunner& processes, Clock clock,
                                           std::chrono::milliseconds timeout)
    : env_(env),
      transport_(transport),
      processes_(processes),
      clock_(std::move(clock)),
      timeout_(timeout) {}

aws::ProfileCredentials ResolveExecCredentials(const EksExec& exec,
                                               std::chrono::milliseconds timeout,
                                               const aws::ProfileSeams& seams) {
  const OverlayEnvironment env(seams.env, exec.env);
  auto resolved = aws::ResolveProfileCredentials(
      exec.profile_from_args ? exec.profile : "", exec.region, timeout,
      {env, seams.transport, seams.processes, seams.clock, seams.prompt});
  if (!exec.role_arn.empty()) {
    aws::CaBundleTransport transport(seams.transport, resolved.ca_bundle);
    resolved.credentials = AssumeExecRole(exec, resolved.credentials, resolved.profile,
                                          resolved.sts, transport, seams.clock, timeout);
  }
  return resolved;
}

aws::EksToken MakeNativeToken(const EksExec& exec, std::chrono::milliseconds timeout,
                              const aws::ProfileSeams& seams) {
  const auto resolved = ResolveExecCredentials(exec, timeout, seams);
  const auto& credentials = resolved.credentials;
  const auto& sts = resolved.sts;
  auto token =
      aws::MakeEksToken(exec.cluster_id, credentials, sts.url, sts.signing_region, seams.clock());
  log::Write(kLogLevel,
             fmt::format("EKS token for cluster {} made natively ({} credentials of profile {}, "
                         "STS {})",
                         exec.cluster_id, credentials.source, resolved.profile, sts.url));
  return token;
}

Credential AwsNativeTokenSource::Token(const EksExec& exec) {
  // No MFA prompt: a profile that needs one fails here and the exec runs instead.
  const auto token =
      MakeNativeToken(exec, timeout_, {env_, transport_, processes_, clock_, nullptr});
  Credential c;
  c.token = token.token;
  c.expiry = token.expiration;
  return c;
}

}  // namespace ssomap::kube
