#include "ops/token.hpp"

#include "aws/eks_token.hpp"
#include "kube/eks_exec.hpp"
#include "kube/native_token.hpp"

namespace ssomap::ops {

TokenResult Token(const TokenRequest& request, const TokenSeams& seams) {
  kube::EksExec exec;
  exec.tool = kube::EksExec::Tool::kSsomap;
  exec.cluster_id = request.cluster_id;
  exec.role_arn = request.role_arn;
  exec.session_name = request.session_name;
  exec.profile = request.profile;
  exec.profile_from_args = !request.profile.empty();
  exec.region = request.region;
  const auto token = kube::MakeNativeToken(exec, request.timeout, seams);
  TokenResult result;
  const auto api_version =
      aws::ExecCredentialApiVersion(seams.env.Get("KUBERNETES_EXEC_INFO"), &result.warning);
  result.exec_credential = aws::ExecCredentialJson(token, api_version);
  return result;
}

}  // namespace ssomap::ops
