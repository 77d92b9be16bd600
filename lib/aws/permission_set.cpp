// FindPermissionSetRole: exact-name matching over ListRoles' answer.
#include "aws/permission_set.hpp"

#include <fmt/format.h>

#include <set>

#include "aws/arn.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

std::string AccountOf(const IamRole& role) {
  try {
    return ParseArn(role.arn).account;
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

IamRole FindPermissionSetRole(const std::vector<IamRole>& roles, std::string_view name,
                              std::string_view account) {
  std::vector<const IamRole*> matches;
  std::set<std::string> existing;
  for (const auto& role : roles) {
    if (role.path.substr(0, kSsoRolePathPrefix.size()) != kSsoRolePathPrefix) continue;
    auto set = PermissionSetOf(role.role_name);
    if (!set) continue;
    if (!account.empty() && AccountOf(role) != account) continue;
    existing.insert(*set);
    if (*set == name) matches.push_back(&role);
  }
  const std::string where =
      account.empty() ? std::string() : fmt::format(" in account {}", account);
  if (matches.empty()) {
    throw Error(
        fmt::format(
            "no IAM Identity Center role for permission set {}{}; permission sets "
            "provisioned there: {}",
            text::Quote(name), where,
            existing.empty() ? std::string("none") : fmt::format("{}", fmt::join(existing, ", "))),
        "the name is exact and case-sensitive, and the set must be assigned in the account: "
        "IAM lists only the roles of the administrator's own account (--admin-profile)");
  }
  if (matches.size() > 1) {
    std::vector<std::string> arns;
    for (const auto* role : matches) arns.push_back(role->arn);
    throw Error(fmt::format("permission set {}{} matches {} roles: {}", text::Quote(name), where,
                            matches.size(), fmt::join(arns, ", ")),
                "choose one with --account ID");
  }
  return *matches.front();
}

}  // namespace ssomap::aws
