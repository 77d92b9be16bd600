#pragma once
/// Deciding what `add` and `remove` change in aws-auth: pure functions from the current data
/// and the request to the new data, used on a live cluster and on manifest files alike.

#include <optional>
#include <string>
#include <vector>

#include "aws/arn.hpp"
#include "awsauth/edit.hpp"
#include "awsauth/model.hpp"
#include "ops/list_report.hpp"

namespace ssomap::ops {

/// What the mapping grants.
struct Grant {
  std::vector<std::string>
      groups;            ///< system:masters for --admin, --group values, or the view group
  std::string username;  ///< empty: DefaultUsername()
};

/// The outcome of planning an edit.
struct MappingPlan {
  /// kRestore: the whole data replaced by a backup's (no single mapping).
  enum class Action { kAdd, kReplace, kRemove, kUnchanged, kRestore };
  Action action = Action::kUnchanged;
  awsauth::Source source = awsauth::Source::kRoles;
  awsauth::NewMapping mapping;               ///< what is written (add/replace) or removed
  std::optional<awsauth::Mapping> existing;  ///< the entry replaced, removed, or found identical
  awsauth::Data data;                        ///< aws-auth data after the change
  std::vector<std::string> notes;            ///< things the user should know (stderr)
};

/// A username that keeps the session visible in the audit log:
/// `sso:<PermissionSet>:{{SessionName}}` for Identity Center roles, `<RoleName>:{{SessionName}}`
/// for other roles, the user name for users.
std::string DefaultUsername(const aws::AwsAuthIdentity& identity);

/// Plans mapping `identity` with `grant`. An identical mapping is left alone; a different one is
/// refused (Exit::kRefused, showing it) unless `overwrite`, which replaces it in place.
/// Every line a refusal or note names is `lines(key, value line)`: with -f FILE --local, the
/// manifest file's line (as `list` shows it); unset, the line within the key's value.
MappingPlan PlanAdd(const awsauth::Data& data, const aws::AwsAuthIdentity& identity,
                    const Grant& grant, bool overwrite, const LineMapper& lines = {});

/// Plans removing the mapping of `identity`. Not mapped: an error. Node roles are never removed.
/// `as_written` is the ARN the user typed: when an entry names exactly that path-ful ARN (one
/// that never matches), that entry is the one removed.
MappingPlan PlanRemove(const awsauth::Data& data, const aws::AwsAuthIdentity& identity,
                       const std::string& as_written = {}, const LineMapper& lines = {});

/// Checks user-supplied names (username, groups) before they reach YAML: no control characters,
/// not empty, not surrounded by spaces. Throws a usage error naming the flag.
void ValidateName(const std::string& flag, const std::string& value);

/// One line describing an entry, e.g. `mapRoles entry 3: arn:... → username u, groups [a, b]`.
std::string DescribeEntry(const awsauth::Mapping& mapping, const LineMapper& lines = {});

}  // namespace ssomap::ops
