#include "ops/doctor_checks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "awsauth/checks.hpp"
#include "awsauth/match.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "ops/mapping_plan.hpp"

namespace ssomap::ops {
namespace {

using Status = DoctorCheck::Status;

std::string AddCommand(const aws::AwsAuthIdentity& id, const std::string& profile) {
  const auto who =
      profile.empty() ? fmt::format("--arn {}", id.arn) : fmt::format("--profile {}", profile);
  return fmt::format("kubectl ssomap add {} --view -n NAMESPACE   (or --admin, or --group G)", who);
}

}  // namespace

const char* StatusName(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kWarn:
      return "warn";
    case Status::kFail:
      return "FAIL";
    case Status::kSkip:
      return "skip";
  }
  return "?";
}

DoctorCheck CheckMapping(const aws::AwsAuthIdentity& id, const awsauth::Data& data,
                         const std::string& profile, std::vector<std::string>& groups,
                         std::string& username, const std::string& add_fix) {
  const auto auth = awsauth::Parse(data);
  // The entry the authenticator uses, searching mapRoles then mapUsers (awsauth/match.hpp).
  const auto admission = awsauth::Match(auth, id.arn, id.account);
  if (!admission.Admitted()) {
    // A key that does not parse may hold the mapping: the authenticator ignores all of it.
    for (const auto& e : auth.errors) {
      if (e.key == awsauth::kMapAccounts) continue;
      return {"mapping", Status::kFail,
              fmt::format("{} of aws-auth does not parse (line {}: {}); the authenticator ignores "
                          "all of its entries",
                          e.key, e.line, e.message),
              "fix the YAML at that line (kubectl edit configmap aws-auth -n kube-system), or put "
              "back a backup with kubectl ssomap restore"};
    }
    // A path-ful twin is the classic cause: it looks right and never matches.
    for (auto source : {awsauth::Source::kRoles, awsauth::Source::kUsers}) {
      for (const auto& m : auth.List(source)) {
        try {
          const auto other = aws::AwsAuthForm(m.arn);
          if (!other.removed_path.empty() && text::EqualsIgnoreCase(other.arn, id.arn)) {
            return {"mapping", Status::kFail,
                    fmt::format("{} entry {} (line {}) names the role with its IAM path, {}, which "
                                "never matches: the authenticator compares {}",
                                awsauth::SourceKey(source), m.index + 1, m.line, m.arn, id.arn),
                    fmt::format("kubectl ssomap remove --arn {} && {}", m.arn,
                                AddCommand(id, profile))};
          }
        } catch (const Error&) {
          // Not an ARN: `list` reports it as invalid-entry.
        }
      }
    }
    for (auto source : {awsauth::Source::kRoles, awsauth::Source::kUsers}) {
      for (const auto& m : auth.List(source)) {
        if (!m.invalid.empty() && text::EqualsIgnoreCase(m.arn, id.arn)) {
          return {"mapping", Status::kFail,
                  fmt::format("{} — the authenticator drops it: {}", DescribeEntry(m), m.invalid),
                  fmt::format("kubectl ssomap add --arn {} --overwrite ...", id.arn)};
        }
      }
    }
    return {"mapping", Status::kFail,
            fmt::format("{} is not mapped in mapRoles or mapUsers", id.arn),
            add_fix.empty() ? AddCommand(id, profile) : add_fix};
  }
  if (admission.used == nullptr) {  // mapAccounts
    username = id.arn;
    groups.clear();
    return {
        "mapping", Status::kWarn,
        fmt::format("not mapped, but mapAccounts lists account {}: the user signs in as {} with "
                    "no groups",
                    id.account, id.arn),
        AddCommand(id, profile)};
  }
  const auto& m = *admission.used;
  groups = m.groups;
  username = m.username;
  if (admission.ambiguous) {
    std::vector<std::string> entries;
    for (const auto* c : admission.candidates) entries.push_back(DescribeEntry(*c));
    return {"mapping", Status::kWarn,
            fmt::format("{} is mapped by {} entries and the authenticator picks one at random: {}",
                        id.arn, entries.size(), text::Join(entries, "; ")),
            fmt::format("kubectl ssomap remove --arn {} (repeat until one is left), then add it "
                        "again",
                        id.arn)};
  }
  if (!admission.others.empty()) {
    std::vector<std::string> entries;
    for (const auto* c : admission.others) entries.push_back(DescribeEntry(*c));
    return {"mapping", Status::kWarn,
            fmt::format("{} is listed {} times; the authenticator uses {} (mapRoles before "
                        "mapUsers, the last entry wins); ignored: {}",
                        id.arn, entries.size() + 1, DescribeEntry(m), text::Join(entries, "; ")),
            fmt::format("kubectl ssomap remove --arn {} (repeat until one is left), then add it "
                        "again",
                        id.arn)};
  }
  return {"mapping", Status::kOk, fmt::format("mapped by {}", DescribeEntry(m)), ""};
}

DoctorCheck CheckPermissions(const std::vector<std::string>& groups, const std::string& username,
                             const std::vector<nlohmann::json>& bindings) {
  if (std::find(groups.begin(), groups.end(), "system:masters") != groups.end()) {
    return {"permissions", Status::kOk, "group system:masters: full control of the cluster", ""};
  }
  std::vector<std::string> found;
  for (const auto& b : bindings) {
    for (const auto& s : b.value("subjects", nlohmann::json::array())) {
      const auto kind = s.value("kind", "");
      const auto name = s.value("name", "");
      const bool match =
          (kind == "Group" && std::find(groups.begin(), groups.end(), name) != groups.end()) ||
          (kind == "User" && name == username && username.find("{{") == std::string::npos);
      if (!match) continue;
      const auto ns = b["metadata"].value("namespace", "");
      found.push_back(fmt::format("{} {}{} → {} {} ({} {})", b.value("kind", ""),
                                  ns.empty() ? "" : ns + "/", b["metadata"].value("name", ""),
                                  b["roleRef"].value("kind", ""), b["roleRef"].value("name", ""),
                                  kind, name));
    }
  }
  if (found.empty()) {
    return {"permissions", Status::kWarn,
            fmt::format("no RoleBinding or ClusterRoleBinding names groups [{}]: the user gets in "
                        "but may do nothing",
                        text::Join(groups, ", ")),
            "bind a role to the group (kubectl create rolebinding ... --group G), or use kubectl "
            "ssomap add --view"};
  }
  return {"permissions", Status::kOk, text::Join(found, "; "), ""};
}

}  // namespace ssomap::ops
