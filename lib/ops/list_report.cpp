#include "ops/list_report.hpp"

#include "aws/arn.hpp"
#include "awsauth/checks.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

nlohmann::ordered_json PermissionSet(const awsauth::Mapping& m) {
  if (m.sso) return m.sso->permission_set_name;
  try {
    auto id = aws::AwsAuthForm(m.arn);
    if (id.permission_set) return *id.permission_set;
  } catch (const Error&) {
    // invalid ARNs are reported as problems
  }
  return nullptr;
}

}  // namespace

nlohmann::ordered_json ListReport(const awsauth::AwsAuth& auth, const LineMapper& lines) {
  nlohmann::ordered_json report = {{"mappings", nlohmann::ordered_json::array()},
                                   {"accounts", auth.accounts},
                                   {"errors", nlohmann::ordered_json::array()}};
  for (auto source : {awsauth::Source::kRoles, awsauth::Source::kUsers}) {
    const auto& list = auth.List(source);
    const auto problems = awsauth::Check(auth, source);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& m = list[i];
      auto row = nlohmann::ordered_json{{"source", awsauth::SourceKey(source)},
                                        {"arn", m.arn},
                                        {"username", m.username},
                                        {"groups", m.groups},
                                        {"permissionSet", PermissionSet(m)},
                                        {"line", lines(awsauth::SourceKey(source), m.line)},
                                        {"problems", nlohmann::ordered_json::array()}};
      for (const auto& p : problems[i]) row["problems"].push_back({{"code", p.code}, {"message", p.message}});
      report["mappings"].push_back(std::move(row));
    }
  }
  for (const auto& e : auth.errors) {
    report["errors"].push_back({{"key", e.key}, {"line", lines(e.key, e.line)}, {"message", e.message}});
  }
  return report;
}

std::vector<std::string> ListHeaders() { return {"SOURCE", "ARN", "USERNAME", "GROUPS", "PERMISSION SET", "PROBLEMS"}; }

std::vector<std::vector<std::string>> ListRows(const nlohmann::ordered_json& report) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : report["mappings"]) {
    std::vector<std::string> groups = m["groups"].get<std::vector<std::string>>();
    std::vector<std::string> codes;
    for (const auto& p : m["problems"]) codes.push_back(p["code"].get<std::string>());
    rows.push_back({m["source"].get<std::string>(), m["arn"].get<std::string>(), m["username"].get<std::string>(),
                    text::Join(groups, ","), m["permissionSet"].is_null() ? "" : m["permissionSet"].get<std::string>(),
                    text::Join(codes, ",")});
  }
  for (const auto& a : report["accounts"]) rows.push_back({"mapAccounts", a.get<std::string>(), "", "", "", ""});
  return rows;
}

}  // namespace ssomap::ops
