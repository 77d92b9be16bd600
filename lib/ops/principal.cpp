// SelectAdminProfile and ResolvePrincipalArn.
#include "ops/principal.hpp"

#include <fmt/format.h>

#include <vector>

#include "aws/arn.hpp"
#include "aws/service_error.hpp"
#include "core/error.hpp"

namespace ssomap::ops {

AdminProfile SelectAdminProfile(const std::string& admin_flag, const std::string& exec_profile,
                                const Environment& env) {
  if (!admin_flag.empty()) return {admin_flag, "--admin-profile"};
  if (!exec_profile.empty()) return {exec_profile, "the context's exec"};
  auto env_profile = env.GetOr("AWS_PROFILE", "");
  if (!env_profile.empty()) return {env_profile, "AWS_PROFILE"};
  return {"default", "default"};
}

std::string ResolvePrincipalArn(const PrincipalRequest& request, aws::IamClient& iam) {
  auto form = aws::AwsAuthForm(request.arn);
  if (form.kind == aws::PrincipalKind::kUser) return form.arn;
  if (form.kind != aws::PrincipalKind::kRole)
    throw Error(fmt::format("{} is a {} ARN: an access entry takes an IAM role or user",
                            request.arn, aws::KindName(form.kind)),
                "map the IAM role or user behind it");
  const bool is_iam_role_arn = !form.session_name.has_value();
  if (is_iam_role_arn && !form.removed_path.empty()) return aws::ParseArn(request.arn).ToString();

  std::vector<std::string> tried;
  auto attempt = [&](const aws::Credentials* credentials, const char* whose) -> std::string {
    if (!credentials) return {};
    try {
      auto role = iam.GetRole(*credentials, form.role_name);
      auto arn = aws::ParseArn(role.arn);
      if (arn.account == form.account) return role.arn;
      tried.push_back(fmt::format("the {}'s credentials see account {}, not {}", whose, arn.account,
                                  form.account));
    } catch (const aws::ServiceError& e) {
      tried.push_back(fmt::format("the {}'s credentials: {}", whose, e.what()));
    }
    return {};
  };
  if (auto arn = attempt(request.identity, "mapped identity"); !arn.empty()) return arn;
  if (auto arn = attempt(request.admin, "administrator"); !arn.empty()) return arn;
  if (tried.empty()) tried.push_back("no credentials were given");
  const std::string example =
      form.permission_set
          ? fmt::format("arn:{}:iam::{}:role/aws-reserved/sso.amazonaws.com/REGION/{}",
                        form.partition, form.account, form.role_name)
          : fmt::format("arn:{}:iam::{}:role/PATH/{}", form.partition, form.account,
                        form.role_name);
  throw Error(fmt::format("cannot read IAM role {} of account {} to find its path ({})",
                          form.role_name, form.account, fmt::join(tried, "; ")),
              fmt::format("give credentials of account {} with --profile, or the role ARN with "
                          "its path with --arn {}",
                          form.account, example),
              Exit::kAuth);
}

}  // namespace ssomap::ops
