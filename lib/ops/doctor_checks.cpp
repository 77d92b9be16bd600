#include "ops/doctor_checks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "awsauth/checks.hpp"
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
                         std::string& username) {
  const auto source =
      id.kind == aws::PrincipalKind::kRole ? awsauth::Source::kRoles : awsauth::Source::kUsers;
  const auto auth = awsauth::Parse(data);
  const auto key = awsauth::SourceKey(source);
  for (const auto& e : auth.errors) {
    if (e.key == key) {
      return {"mapping", Status::kFail,
              fmt::format("{} of aws-auth does not parse (line {}: {}); the authenticator ignores "
                          "all of its entries",
                          key, e.line, e.message),
              "fix the YAML at that line (kubectl edit configmap aws-auth -n kube-system), or put "
              "back a backup "
              "with kubectl ssomap restore"};
    }
  }
  const auto& list = auth.List(source);
  const long winner = awsauth::WinningIndex(list, id.arn);
  if (winner < 0) {
    // A path-ful twin is the classic cause: it looks right and never matches.
    for (const auto& m : list) {
      try {
        const auto other = aws::AwsAuthForm(m.arn);
        if (!other.removed_path.empty() && text::EqualsIgnoreCase(other.arn, id.arn)) {
          return {
              "mapping", Status::kFail,
              fmt::format("{} entry {} (line {}) names the role with its IAM path, {}, which never "
                          "matches: "
                          "the authenticator compares {}",
                          key, m.index + 1, m.line, m.arn, id.arn),
              fmt::format("kubectl ssomap remove --arn {} && {}", m.arn, AddCommand(id, profile))};
        }
      } catch (const Error&) {
        // Not an ARN: `list` reports it as invalid-entry.
      }
    }
    return {"mapping", Status::kFail, fmt::format("{} is not mapped in {}", id.arn, key),
            AddCommand(id, profile)};
  }
  const auto& m = list[static_cast<std::size_t>(winner)];
  groups = m.groups;
  username = m.username;
  const auto shadowed = std::count_if(list.begin(), list.end(), [&](const awsauth::Mapping& x) {
    return text::EqualsIgnoreCase(x.arn, id.arn);
  });
  if (shadowed > 1) {
    return {
        "mapping", Status::kWarn,
        fmt::format("{} is listed {} times; the last one applies: {}", id.arn, shadowed,
                    DescribeEntry(m)),
        fmt::format("kubectl ssomap remove --arn {} (repeat until one is left), then add it again",
                    id.arn)};
  }
  if (!m.invalid.empty()) {
    return {"mapping", Status::kFail,
            fmt::format("{} — the authenticator drops it: {}", DescribeEntry(m), m.invalid),
            fmt::format("kubectl ssomap add {} --overwrite ...", id.arn)};
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
