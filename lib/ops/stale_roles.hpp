#pragma once
/// `list --check-iam`: `stale-role`, a mapped IAM Identity Center role that no longer exists in
/// IAM. Identity Center re-provisions a permission set as a new role AWSReservedSSO_<set>_<hex>
/// with a new suffix (reference aws-auth-and-peers.md §5); mappings naming the old role then
/// admit nobody. The roles come from IAM ListRoles under /aws-reserved/sso.amazonaws.com/ with
/// the administrator's credentials, which see one account only.

#include <chrono>
#include <string>
#include <vector>

#include "awsauth/model.hpp"
#include "ops/eks_target.hpp"
#include "ops/mechanisms.hpp"

namespace ssomap::ops {

/// The ARNs of every mapRoles and mapUsers entry, as written.
std::vector<std::string> MappedArns(const awsauth::AwsAuth& auth);
std::vector<std::string> MappedArns(const awsauth::Data& data);

/// One `stale-role` problem per ARN of `mapped` (aws-auth or access-entry principals, with or
/// without path) that names an AWSReservedSSO role of `roles.account` missing from
/// `roles.roles`, naming the role that now stands for the same permission set when there is one.
/// ARNs of other accounts are not checked (IAM does not answer there): they go to `unchecked`.
std::vector<MechanismProblem> StaleRoles(const std::vector<std::string>& mapped,
                                         const SsoRoles& roles,
                                         std::vector<std::string>& unchecked);

}  // namespace ssomap::ops
