#include "ops/eks_target.hpp"

#include <fmt/format.h>

#include "aws/chain.hpp"
#include "aws/endpoints.hpp"
#include "aws/permission_set.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "kube/eks_exec.hpp"

namespace ssomap::ops {
namespace {

aws::Credentials Resolve(const WhoamiSeams& seams, const aws::ConfigFiles& config,
                         net::Transport& transport, const std::string& profile,
                         const std::string& region, std::chrono::milliseconds timeout) {
  const aws::ProviderContext ctx{seams.env, config,          profile,     true,         region,
                                 transport, seams.processes, seams.clock, seams.prompt, timeout};
  return aws::ResolveCredentials(ctx);
}

std::unique_ptr<aws::IamClient> MakeIam(const WhoamiSeams& seams, const aws::ConfigFiles& config,
                                        net::Transport& transport, const std::string& region,
                                        const std::string& profile,
                                        std::chrono::milliseconds timeout) {
  const auto endpoint =
      aws::ResolveEndpoint(aws::Service::kIam, region, seams.env, config, profile);
  // IAM signs for its partition's home region whatever endpoint serves it.
  const auto signing = aws::DefaultEndpoint(aws::Service::kIam, region).signing_region;
  log::Write(1, fmt::format("IAM at {} (signing region {})", endpoint.url, signing));
  return std::make_unique<aws::IamClient>(transport, endpoint.url, signing, seams.clock, timeout);
}

}  // namespace

EksTarget::EksTarget(const EksTargetRequest& request, const kube::ResolvedContext& context,
                     const WhoamiSeams& seams)
    : seams_(seams),
      config_(aws::LoadConfigFiles(seams.env)),
      timeout_(request.timeout),
      ref_(kube::FindEksCluster(context, request.cluster_name, request.region)),
      admin_(SelectAdminProfile(request.admin_profile, kube::ExecProfile(context), seams.env)),
      region_(ref_.region) {
  if (region_.empty()) region_ = aws::SelectRegion("", seams.env, config_, admin_.name);
  if (region_.empty())
    throw UsageError(fmt::format("no region for EKS cluster {}", ref_.name),
                     "pass --region REGION");
  transport_ = std::make_unique<aws::CaBundleTransport>(
      seams.transport, aws::CaBundle(seams.env, config_, admin_.name));
  admin_credentials_ = CredentialsOf(admin_.name);
  const auto endpoint =
      aws::ResolveEndpoint(aws::Service::kEks, region_, seams.env, config_, admin_.name);
  log::Write(1,
             fmt::format("EKS at {} (signing region {})", endpoint.url, endpoint.signing_region));
  eks_ = std::make_unique<aws::EksClient>(*transport_, endpoint.url, endpoint.signing_region,
                                          seams.clock, timeout_);
  cluster_ = eks_->DescribeCluster(admin_credentials_, ref_.name);
  kube::RequireSameServer(ref_, cluster_.endpoint, context);
}

EksTarget::~EksTarget() = default;

EksSeams EksTarget::Seams() { return {*eks_, admin_credentials_, RealSleeper()}; }

aws::IamClient& EksTarget::Iam() {
  if (!iam_) iam_ = MakeIam(seams_, config_, *transport_, region_, admin_.name, timeout_);
  return *iam_;
}

aws::Credentials EksTarget::CredentialsOf(const std::string& profile) {
  return Resolve(seams_, config_, *transport_, profile, region_, timeout_);
}

std::unique_ptr<EksTarget> OpenEksTarget(const EksTargetRequest& request,
                                         const kube::ResolvedContext& context,
                                         const WhoamiSeams& seams, bool required) {
  if (!required) {
    try {
      (void)kube::FindEksCluster(context, request.cluster_name, request.region);
    } catch (const Error&) {
      return nullptr;
    }
  }
  return std::make_unique<EksTarget>(request, context, seams);
}

PermissionSetRole ResolvePermissionSet(const PermissionSetRequest& request,
                                       const WhoamiSeams& seams) {
  const auto admin = SelectAdminProfile(request.admin_profile, "", seams.env);
  const auto resolved = aws::ResolveProfileCredentials(
      admin.name, request.region, request.timeout,
      {seams.env, seams.transport, seams.processes, seams.clock, seams.prompt});
  const auto config = aws::LoadConfigFiles(seams.env);
  aws::CaBundleTransport transport(seams.transport, resolved.ca_bundle);
  auto iam = MakeIam(seams, config, transport, resolved.region, admin.name, request.timeout);
  const auto roles = iam->ListRoles(resolved.credentials, std::string(aws::kSsoRolePathPrefix));
  return {aws::FindPermissionSetRole(roles, request.name, request.account).arn, admin.name};
}

SsoRoles ListSsoRoles(const SsoRolesRequest& request, const WhoamiSeams& seams) {
  const auto admin = SelectAdminProfile(request.admin_profile, request.exec_profile, seams.env);
  const auto resolved = aws::ResolveProfileCredentials(
      admin.name, request.region, request.timeout,
      {seams.env, seams.transport, seams.processes, seams.clock, seams.prompt});
  const auto config = aws::LoadConfigFiles(seams.env);
  auto whoami = seams;
  SsoRoles out;
  out.profile = admin.name;
  out.account = Whoami({admin.name, resolved.region, request.timeout}, whoami).account;
  aws::CaBundleTransport transport(seams.transport, resolved.ca_bundle);
  auto iam = MakeIam(seams, config, transport, resolved.region, admin.name, request.timeout);
  out.roles = iam->ListRoles(resolved.credentials, std::string(aws::kSsoRolePathPrefix));
  return out;
}

}  // namespace ssomap::ops
