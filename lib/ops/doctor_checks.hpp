#pragma once
/// `doctor`'s verdicts: pure functions from the identity, the aws-auth data and the RBAC bindings
/// to checks (lib/ops/doctor.hpp gathers the inputs).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/arn.hpp"
#include "awsauth/model.hpp"

namespace ssomap::ops {

struct DoctorCheck {
  enum class Status { kOk, kWarn, kFail, kSkip };
  std::string name;  ///< credentials, aws-auth-arn, aws-auth, mapping, permissions, sign-in
  Status status = Status::kOk;
  std::string message;
  std::string fix;  ///< the command or action that fixes it, or empty
};

const char* StatusName(DoctorCheck::Status status);

/// The mapping the authenticator would use for `id` in `data`, explained: not mapped (with the
/// `add` that fixes it), a key that does not parse, a path-ful twin that never matches, a
/// duplicate shadowed by a later entry. `profile` goes into the suggested commands.
/// Sets `groups`/`username` to the mapping's when mapped. `add_fix`, when given, is the fix of
/// "not mapped" (an access entry's `add` where the cluster's mode admits them).
DoctorCheck CheckMapping(const aws::AwsAuthIdentity& id, const awsauth::Data& data,
                         const std::string& profile, std::vector<std::string>& groups,
                         std::string& username, const std::string& add_fix = {});

/// Whether `groups` (and `username`, literal names only) are granted anything: system:masters,
/// or a subject of one of `bindings` (RoleBinding and ClusterRoleBinding objects).
DoctorCheck CheckPermissions(const std::vector<std::string>& groups, const std::string& username,
                             const std::vector<nlohmann::json>& bindings);

}  // namespace ssomap::ops
