#include "ops/whoami.hpp"

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "aws/chain.hpp"
#include "aws/config_file.hpp"
#include "aws/endpoints.hpp"
#include "aws/sts.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "kube/native_token.hpp"

namespace ssomap::ops {

WhoamiResult Whoami(const WhoamiRequest& request, WhoamiSeams& seams) {
  // An exec's identity is its token's: resolved as kube/native_token resolves it (--region wins).
  auto exec = request.exec;
  if (exec && !request.region.empty()) exec->region = request.region;
  const auto resolved = exec ? kube::ResolveExecCredentials(*exec, request.timeout, seams)
                             : aws::ResolveProfileCredentials(request.profile, request.region,
                                                              request.timeout, seams);
  const auto& credentials = resolved.credentials;
  const auto& endpoint = resolved.sts;
  aws::CaBundleTransport transport(seams.transport, resolved.ca_bundle);
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
                                  credentials.source, resolved.profile));
    // For IAM Identity Center credentials the fix is always a new sign-in, whatever STS said.
    if (credentials.source == "sso" && error.exit() == Exit::kAuth) {
      throw Error(error.what(), aws::SignInHint(resolved.profile), Exit::kAuth);
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
  result.profile = resolved.profile;
  result.credential_source = credentials.source;
  if (exec) result.assumed_role = exec->role_arn;
  result.region = resolved.region;
  result.sts_endpoint = endpoint.url;
  return result;
}

}  // namespace ssomap::ops
