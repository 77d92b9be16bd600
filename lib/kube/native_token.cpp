#include "kube/native_token.hpp"

#include <fmt/format.h>

#include "aws/chain.hpp"
#include "aws/config_file.hpp"
#include "aws/eks_token.hpp"
#include "aws/endpoints.hpp"
#include "aws/sts.hpp"
#include "core/log.hpp"

namespace ssomap::kube {
namespace {

/// STS region when neither the exec, the environment nor the profile names one (the CLI's).
constexpr const char* kDefaultRegion = "us-east-1";
/// Level of the "made natively" line (kubectl's -v 4: debug detail).
constexpr int kLogLevel = 4;

/// AWS_CA_BUNDLE / `ca_bundle` for the AWS calls, which carry no CA of their own.
class CaBundleTransport final : public net::Transport {
 public:
  CaBundleTransport(net::Transport& inner, std::string ca_file)
      : inner_(inner), ca_file_(std::move(ca_file)) {}
  net::Response Send(const net::Request& request) override {
    if (ca_file_.empty() || !request.tls.ca_file.empty() || !request.tls.ca_pem.empty())
      return inner_.Send(request);
    net::Request copy = request;
    copy.tls.ca_file = ca_file_;
    return inner_.Send(copy);
  }

 private:
  net::Transport& inner_;
  std::string ca_file_;
};

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

Credential AwsNativeTokenSource::Token(const EksExec& exec) {
  const OverlayEnvironment env(env_, exec.env);
  const auto config = aws::LoadConfigFiles(env);
  const auto choice =
      aws::SelectProfile(exec.profile_from_args ? exec.profile : std::string(), env);
  auto region = aws::SelectRegion(exec.region, env, config, choice.name);
  if (region.empty()) region = kDefaultRegion;
  CaBundleTransport transport(transport_, aws::CaBundle(env, config, choice.name));
  aws::ProviderContext ctx{env,     config,    choice.name, choice.explicit_flag,
                           region,  transport, processes_,  clock_,
                           nullptr, timeout_};
  auto credentials = aws::ResolveCredentials(ctx);
  const auto sts = aws::ResolveEndpoint(aws::Service::kSts, region, env, config, choice.name);
  if (!exec.role_arn.empty()) {
    aws::StsClient client(transport, sts.url, sts.signing_region, clock_, timeout_);
    const auto session = AssumedSessionName(exec, clock_().time_since_epoch());
    credentials =
        client.AssumeRole(credentials, {exec.role_arn, session, exec.external_id, {}, {}, {}});
  }
  const auto token =
      aws::MakeEksToken(exec.cluster_id, credentials, sts.url, sts.signing_region, clock_());
  {
    log::Write(
        kLogLevel,
        fmt::format("EKS token for cluster {} made natively ({} credentials of profile {}, STS {})",
                    exec.cluster_id, credentials.source, choice.name, sts.url));
  }
  Credential c;
  c.token = token.token;
  c.expiry = token.expiration;
  return c;
}

}  // namespace ssomap::kube
