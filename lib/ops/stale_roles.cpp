// `list --check-iam`: mapped IAM Identity Center roles that IAM no longer has.
#include "ops/stale_roles.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "aws/permission_set.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

bool Exists(const std::vector<aws::IamRole>& roles, const std::string& name) {
  // IAM role names are unique without regard to case.
  return std::any_of(roles.begin(), roles.end(), [&](const aws::IamRole& r) {
    return text::EqualsIgnoreCase(r.role_name, name);
  });
}

}  // namespace

std::vector<std::string> MappedArns(const awsauth::AwsAuth& auth) {
  std::vector<std::string> out;
  for (const auto* list : {&auth.roles, &auth.users})
    for (const auto& m : *list) out.push_back(m.arn);
  return out;
}

std::vector<std::string> MappedArns(const awsauth::Data& data) {
  return MappedArns(awsauth::Parse(data));
}

std::vector<MechanismProblem> StaleRoles(const std::vector<std::string>& mapped,
                                         const SsoRoles& roles,
                                         std::vector<std::string>& unchecked) {
  std::vector<MechanismProblem> out;
  for (const auto& arn : mapped) {
    aws::AwsAuthIdentity id;
    try {
      id = aws::AwsAuthForm(arn);
    } catch (const Error&) {
      continue;  // not an ARN: `list` reports it as invalid-entry
    }
    if (!id.permission_set) continue;
    if (id.account != roles.account) {
      if (std::find(unchecked.begin(), unchecked.end(), arn) == unchecked.end())
        unchecked.push_back(arn);
      continue;
    }
    if (Exists(roles.roles, id.role_name)) continue;
    std::vector<std::string> now;
    for (const auto& r : roles.roles) {
      if (aws::PermissionSetOf(r.role_name) == id.permission_set) now.push_back(r.arn);
    }
    const auto message =
        now.empty() ? fmt::format(
                          "role {} no longer exists in IAM and account {} has no role for "
                          "permission set {}",
                          id.role_name, id.account, *id.permission_set)
                    : fmt::format(
                          "role {} no longer exists in IAM (permission set {} was re-provisioned); "
                          "it is now {}: kubectl ssomap add --permission-set {} --account {}",
                          id.role_name, *id.permission_set, text::Join(now, " or "),
                          *id.permission_set, id.account);
    out.push_back({arn, "stale-role", message});
  }
  return out;
}

}  // namespace ssomap::ops
