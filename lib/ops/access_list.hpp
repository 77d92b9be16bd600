#pragma once
/// `list` on a cluster whose EKS cluster is known (DESIGN.md §4b): aws-auth as the authenticator
/// decodes it, the access entries with their policies, the problems between the two mechanisms
/// (`shadowed`, `ignored`) and the cluster's authentication mode, as JSON and as table rows.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "awsauth/model.hpp"
#include "ops/access_entries.hpp"
#include "ops/eks_target.hpp"
#include "ops/list_report.hpp"
#include "ops/mechanisms.hpp"

namespace ssomap::ops {

struct AccessListing {
  std::unique_ptr<DecodedReport> decoded;  ///< aws-auth and its report
  std::vector<ListedEntry> entries;        ///< empty on a CONFIG_MAP cluster
  std::vector<MechanismProblem> problems;
  std::string cluster;
  aws::AuthenticationMode mode = aws::AuthenticationMode::kConfigMap;
};

/// Decodes `data` and lists the access entries of `target` when its mode admits them.
/// Throws ssomap::Error (EKS errors).
AccessListing ListWithAccessEntries(const awsauth::Data& data, EksTarget& target);

/// ListJson of aws-auth with `authenticationMode`, each mapping's mechanism problems and
/// `accessEntries: [{principalArn, type, username, kubernetesGroups, policies:[{policyArn,
/// scope}], problems:[{code, message}]}]`.
nlohmann::ordered_json AccessListJson(const AccessListing& listing);

/// Appends the code of each of `problems` to the PROBLEMS column (the last) of the rows whose
/// column 1 (ARN) is the problem's ARN.
void AddProblemCodes(std::vector<std::vector<std::string>>& rows,
                     const std::vector<MechanismProblem>& problems);
/// Appends `{code, message}` of each of `problems` to `problems` of the items of `items` whose
/// `key` (arn, principalArn) is the problem's ARN.
void AddProblemObjects(nlohmann::ordered_json& items, const char* key,
                       const std::vector<MechanismProblem>& problems);

/// ListHeaders with POLICIES before PROBLEMS.
std::vector<std::string> AccessListHeaders();
/// The aws-auth rows (problems joined) then one `accessEntry` row per entry.
std::vector<std::vector<std::string>> AccessListRows(const AccessListing& listing);

}  // namespace ssomap::ops
