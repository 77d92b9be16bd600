#pragma once
/// The report `list` prints, from a decoded aws-auth: mappings with their problems, accounts,
/// and keys that do not parse.

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "awsauth/model.hpp"

namespace ssomap::ops {

/// Maps (key, 1-based line within the key's value) to the line to show; identity when unknown.
using LineMapper = std::function<std::size_t(const std::string& key, std::size_t line)>;

/// `{"mappings":[{source, arn, username, groups, permissionSet, problems:[{code, message}]}],
///   "accounts":[...], "errors":[{key, line, message}]}`.
nlohmann::ordered_json ListReport(const awsauth::AwsAuth& auth, const LineMapper& lines);

/// The table columns and rows of the same report (kubectl style).
std::vector<std::string> ListHeaders();
std::vector<std::vector<std::string>> ListRows(const nlohmann::ordered_json& report);

}  // namespace ssomap::ops
