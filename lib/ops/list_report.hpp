#pragma once
/// The report `list` prints, from a decoded aws-auth: mappings with their problems, accounts,
/// and keys that do not parse; as a table or as JSON.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "awsauth/checks.hpp"
#include "awsauth/model.hpp"

namespace ssomap::ops {

/// Maps (key, 1-based line within the key's value) to the line to show; identity when unknown.
using LineMapper = std::function<std::size_t(const std::string& key, std::size_t line)>;

struct ListedMapping {
  const awsauth::Mapping* mapping = nullptr;  ///< into the AwsAuth the report was made from
  std::optional<std::string> permission_set;
  std::size_t line = 0;
  std::vector<awsauth::Problem> problems;
};

struct ListReport {
  std::vector<ListedMapping> mappings;  ///< mapRoles, then mapUsers
  const awsauth::AwsAuth* auth = nullptr;
  std::vector<std::size_t> error_lines;  ///< the shown line of each of auth->errors
};

/// The report of `auth`, which must outlive it.
ListReport MakeListReport(const awsauth::AwsAuth& auth, const LineMapper& lines);

/// aws-auth data decoded as the authenticator decodes it, with its report (which points into
/// `auth`: held by pointer so it never moves).
struct DecodedReport {
  awsauth::AwsAuth auth;
  ListReport report;
};
std::unique_ptr<DecodedReport> ReportOf(const awsauth::Data& data, const LineMapper& lines);

/// `{"mappings":[{source, arn, username, groups, permissionSet, line, problems:[{code, message}]}],
///   "accounts":[...], "errors":[{key, line, message}]}`.
nlohmann::ordered_json ListJson(const ListReport& report);

/// The table columns and rows of the same report (kubectl style).
std::vector<std::string> ListHeaders();
std::vector<std::vector<std::string>> ListRows(const ListReport& report);

}  // namespace ssomap::ops
