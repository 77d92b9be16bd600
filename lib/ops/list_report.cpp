#include "ops/list_report.hpp"

#include "awsauth/parse.hpp"

#include "aws/arn.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

std::optional<std::string> PermissionSet(const awsauth::Mapping& m) {
  if (m.sso) return m.sso->permission_set_name;
  try {
    return aws::AwsAuthForm(m.arn).permission_set;
  } catch (const Error&) {
    return std::nullopt;  // invalid ARNs are reported as problems
  }
}

}  // namespace

ListReport MakeListReport(const awsauth::AwsAuth& auth, const LineMapper& lines) {
  ListReport report;
  report.auth = &auth;
  report.mappings.reserve(auth.roles.size() + auth.users.size());
  for (auto source : {awsauth::Source::kRoles, awsauth::Source::kUsers}) {
    const auto& list = auth.List(source);
    auto problems = awsauth::Check(auth, source);
    for (std::size_t i = 0; i < list.size(); ++i) {
      report.mappings.push_back({&list[i], PermissionSet(list[i]),
                                 lines(awsauth::SourceKey(source), list[i].line),
                                 std::move(problems[i])});
    }
  }
  for (const auto& e : auth.errors) report.error_lines.push_back(lines(e.key, e.line));
  return report;
}

nlohmann::ordered_json ListJson(const ListReport& report) {
  nlohmann::ordered_json json = {{"mappings", nlohmann::ordered_json::array()},
                                 {"accounts", report.auth->accounts},
                                 {"errors", nlohmann::ordered_json::array()}};
  for (const auto& listed : report.mappings) {
    const auto& m = *listed.mapping;
    auto row = nlohmann::ordered_json{{"source", awsauth::SourceKey(m.source)},
                                      {"arn", m.arn},
                                      {"username", m.username},
                                      {"groups", m.groups},
                                      {"permissionSet", nullptr},
                                      {"line", listed.line},
                                      {"problems", nlohmann::ordered_json::array()}};
    if (listed.permission_set) row["permissionSet"] = *listed.permission_set;
    for (const auto& p : listed.problems)
      row["problems"].push_back({{"code", p.code}, {"message", p.message}});
    json["mappings"].push_back(std::move(row));
  }
  for (std::size_t i = 0; i < report.auth->errors.size(); ++i) {
    const auto& e = report.auth->errors[i];
    json["errors"].push_back(
        {{"key", e.key}, {"line", report.error_lines[i]}, {"message", e.message}});
  }
  return json;
}

std::vector<std::string> ListHeaders() {
  return {"SOURCE", "ARN", "USERNAME", "GROUPS", "PERMISSION SET", "PROBLEMS"};
}

std::vector<std::vector<std::string>> ListRows(const ListReport& report) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(report.mappings.size() + report.auth->accounts.size());
  for (const auto& listed : report.mappings) {
    const auto& m = *listed.mapping;
    std::vector<std::string> codes;
    for (const auto& p : listed.problems) codes.push_back(p.code);
    rows.push_back({awsauth::SourceKey(m.source), m.arn, m.username, text::Join(m.groups, ","),
                    listed.permission_set.value_or(""), text::Join(codes, ",")});
  }
  for (const auto& a : report.auth->accounts) rows.push_back({"mapAccounts", a, "", "", "", ""});
  return rows;
}

std::unique_ptr<DecodedReport> ReportOf(const awsauth::Data& data, const LineMapper& lines) {
  auto decoded = std::make_unique<DecodedReport>();
  decoded->auth = awsauth::Parse(data);
  decoded->report = MakeListReport(decoded->auth, lines);
  return decoded;
}

}  // namespace ssomap::ops
