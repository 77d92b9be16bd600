#include "ops/access_list.hpp"

#include "aws/arn.hpp"
#include "core/text.hpp"

namespace ssomap::ops {

AccessListing ListWithAccessEntries(const awsauth::Data& data, EksTarget& target) {
  AccessListing out;
  out.decoded = ReportOf(data, [](const std::string&, std::size_t line) { return line; });
  out.cluster = target.cluster().name;
  out.mode = target.mode();
  if (aws::AdmitsAccessEntries(out.mode))
    out.entries = ListAccessEntries(out.cluster, target.Seams());
  out.problems = MechanismProblems(out.decoded->auth, out.entries, out.mode);
  return out;
}

void AddProblemCodes(std::vector<std::vector<std::string>>& rows,
                     const std::vector<MechanismProblem>& problems) {
  for (auto& row : rows) {
    for (const auto& p : problems) {
      if (row.size() > 1 && p.arn == row[1]) row.back() += (row.back().empty() ? "" : ",") + p.code;
    }
  }
}

void AddProblemObjects(nlohmann::ordered_json& items, const char* key,
                       const std::vector<MechanismProblem>& problems) {
  for (auto& item : items) {
    if (!item.contains("problems")) item["problems"] = nlohmann::ordered_json::array();
    for (const auto& p : problems) {
      if (p.arn == item[key])
        item["problems"].push_back({{"code", p.code}, {"message", p.message}});
    }
  }
}

nlohmann::ordered_json AccessListJson(const AccessListing& listing) {
  auto json = ListJson(listing.decoded->report);
  json["authenticationMode"] = std::string(aws::ModeName(listing.mode));
  AddProblemObjects(json["mappings"], "arn", listing.problems);
  json["accessEntries"] = nlohmann::ordered_json::array();
  for (const auto& e : listing.entries) {
    nlohmann::ordered_json policies = nlohmann::ordered_json::array();
    for (const auto& p : e.policies)
      policies.push_back({{"policyArn", p.policy_arn}, {"scope", p.scope.ToString()}});
    json["accessEntries"].push_back({{"principalArn", e.entry.principal_arn},
                                     {"type", e.entry.type},
                                     {"username", e.entry.username},
                                     {"kubernetesGroups", e.entry.kubernetes_groups},
                                     {"policies", policies}});
  }
  AddProblemObjects(json["accessEntries"], "principalArn", listing.problems);
  return json;
}

std::vector<std::string> AccessListHeaders() {
  auto headers = ListHeaders();
  headers.insert(headers.end() - 1, "POLICIES");
  return headers;
}

std::vector<std::vector<std::string>> AccessListRows(const AccessListing& listing) {
  auto rows = ListRows(listing.decoded->report);
  for (auto& row : rows) row.insert(row.end() - 1, "");
  for (const auto& e : listing.entries) {
    const auto& arn = e.entry.principal_arn;
    rows.push_back({"accessEntry", arn, e.entry.username,
                    text::Join(e.entry.kubernetes_groups, ","),
                    aws::PermissionSetOf(arn.substr(arn.rfind('/') + 1))
                        .value_or(e.entry.type == "STANDARD" ? "" : e.entry.type),
                    PoliciesText(e.policies), ""});
  }
  AddProblemCodes(rows, listing.problems);
  return rows;
}

}  // namespace ssomap::ops
