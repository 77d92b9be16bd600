#include "ops/whoami.hpp"

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "aws/chain.hpp"
#include "aws/config_file.hpp"
#include "aws/endpoints.hpp"
#include "aws/sts.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace ssomap::ops {

net::Response CaBundleTransport::Send(const net::Request& request) {
  if (ca_file_.empty() || !request.tls.ca_file.empty() || !request.tls.ca_pem.empty())
    return inner_.Send(request);
  net::Request copy = request;
  copy.tls.ca_file = ca_file_;
  return inner_.Send(copy);
}

WhoamiResult Whoami(const WhoamiRequest& request, WhoamiSeams& seams) {
  auto config = aws::LoadConfigFiles(seams.env);
  auto choice = aws::SelectProfile(request.profile, seams.env);
  auto region = aws::SelectRegion(request.region, seams.env, config, choice.name);
  if (region.empty()) region = std::string(kDefaultStsRegion);
  CaBundleTransport transport(seams.transport, aws::CaBundle(seams.env, config, choice.name));
  aws::ProviderContext ctx{seams.env,    config,         choice.name,     choice.explicit_flag,
                           region,       transport,      seams.processes, seams.clock,
                           seams.prompt, request.timeout};
  auto credentials = aws::ResolveCredentials(ctx);
  auto endpoint = aws::ResolveEndpoint(aws::Service::kSts, region, seams.env, config, choice.name);
  log::Logf(1, "STS GetCallerIdentity at {} (signing region {})", endpoint.url,
            endpoint.signing_region);
  aws::StsClient sts(transport, endpoint.url, endpoint.signing_region, seams.clock,
                     request.timeout);
  aws::CallerIdentity identity;
  try {
    identity = sts.GetCallerIdentity(credentials);
  } catch (const Error& e) {
    auto error =
        e.WithContext(fmt::format("STS GetCallerIdentity with {} credentials of profile {}",
                                  credentials.source, choice.name));
    // For IAM Identity Center credentials the fix is always a new sign-in, whatever STS said.
    if (credentials.source == "sso" && error.exit() == Exit::kAuth) {
      throw Error(error.what(), aws::SignInHint(choice.name), Exit::kAuth);
    }
    throw error;
  }
  WhoamiResult result;
  result.arn = identity.arn;
  result.user_id = identity.user_id;
  result.account = identity.account;
  auto form = aws::AwsAuthForm(identity.arn);
  result.session_name = form.session_name;
  result.aws_auth_arn = form.arn;
  result.permission_set = form.permission_set;
  result.profile = choice.name;
  result.credential_source = credentials.source;
  result.region = region;
  result.sts_endpoint = endpoint.url;
  return result;
}

}  // namespace ssomap::ops
