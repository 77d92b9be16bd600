#pragma once
/// Finding the IAM role of an IAM Identity Center permission set by its name: IAM Identity
/// Center provisions permission set NAME in each account as role `AWSReservedSSO_<NAME>_<hex>`
/// under path `/aws-reserved/sso.amazonaws.com/[REGION/]` (reference aws-auth-and-peers.md §5).

#include <string>
#include <string_view>
#include <vector>

#include "aws/iam.hpp"

namespace ssomap::aws {

/// The path prefix of every IAM Identity Center role: ListRoles' PathPrefix.
inline constexpr std::string_view kSsoRolePathPrefix = "/aws-reserved/sso.amazonaws.com/";

/// The one role of `roles` (from ListRoles with kSsoRolePathPrefix) provisioned for permission
/// set `name` — exactly that name, so `Admin` never matches `AdminPlus` or `Admin_Team` — in
/// `account` when not empty (the account in the role ARN). Throws ssomap::Error when none or
/// several match, listing the permission sets that exist (and the accounts, for several).
IamRole FindPermissionSetRole(const std::vector<IamRole>& roles, std::string_view name,
                              std::string_view account);

}  // namespace ssomap::aws
