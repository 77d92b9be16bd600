#include "awsauth/checks.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "awsauth/match.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

// The templates aws-iam-authenticator expands in username and groups (pkg/server/server.go).
constexpr std::array<std::string_view, 5> kTemplates = {
    "EC2PrivateDNSName", "AccountID", "SessionName", "SessionNameRaw", "AccessKeyID"};

// Entries under one ARN compared case-insensitively, as both lists compare (match.hpp M2, M3).
std::string ArnKey(const Mapping& m) { return text::Lower(m.arn); }

std::string Where(const Mapping& m) {
  return fmt::format("{} entry {}", SourceKey(m.source), m.index + 1);
}

// The duplicate-arn problem of `m` among `same` (all valid entries naming its ARN, roles first),
// given the authenticator's choice among them.
std::string DuplicateMessage(const Mapping& m, const std::vector<const Mapping*>& same,
                             const Admission& choice) {
  std::vector<std::string> others;
  for (const auto* o : same) {
    if (o != &m) others.push_back(Where(*o));
  }
  const bool candidate =
      std::find(choice.candidates.begin(), choice.candidates.end(), &m) != choice.candidates.end();
  std::string verdict;
  if (choice.ambiguous && candidate) {
    verdict =
        "the authenticator picks one of these at random (mapUsers entries differing only in "
        "case are kept apart), so this one may or may not be used";
  } else if (choice.used == &m) {
    verdict = "this one is used";
  } else if (m.source == Source::kUsers && choice.used->source == Source::kRoles) {
    verdict = fmt::format("mapRoles is searched first, so {} is used and this one is ignored",
                          Where(*choice.used));
  } else {
    verdict = fmt::format("the last entry wins, so {} is used and this one is ignored",
                          Where(*choice.used));
  }
  return fmt::format("the same ARN (compared case-insensitively) is also {}; {}",
                     text::Join(others, ", "), verdict);
}

void CheckTemplates(const Mapping& m, std::vector<Problem>& out) {
  std::vector<std::string> fields = m.groups;
  fields.push_back(m.username);
  for (const std::string_view field : fields) {
    // Each `{{name}}` whose name has no brace, left to right, as the authenticator's
    // strings.Replace calls would find them.
    for (std::size_t open = field.find("{{"); open != std::string_view::npos;
         open = field.find("{{", open + 1)) {
      const std::size_t close = field.find_first_of("{}", open + 2);
      if (close == std::string_view::npos || field.compare(close, 2, "}}") != 0) continue;
      const std::string_view name = field.substr(open + 2, close - open - 2);
      open = close;
      if (std::find(kTemplates.begin(), kTemplates.end(), name) == kTemplates.end()) {
        out.push_back(
            {"unknown-template",
             fmt::format(
                 "{{{{{}}}}} is not expanded by aws-iam-authenticator (it knows {{{{AccountID}}}}, "
                 "{{{{SessionName}}}}, {{{{SessionNameRaw}}}}, {{{{AccessKeyID}}}}, "
                 "{{{{EC2PrivateDNSName}}}}); the name will contain it literally",
                 name)});
      }
    }
  }
}

void CheckArn(const Mapping& m, std::vector<Problem>& out) {
  if (m.arn.empty()) return;
  try {
    auto id = aws::AwsAuthForm(m.arn);
    if (!id.removed_path.empty()) {
      out.push_back(
          {"arn-has-path",
           fmt::format(
               "this {} can never match: the authenticator compares the role ARN without its "
               "path '{}'; use {}",
               m.source == Source::kRoles ? "rolearn" : "userarn", id.removed_path, id.arn)});
    } else if (m.source == Source::kUsers && id.kind == aws::PrincipalKind::kRole) {
      out.push_back(
          {"role-in-mapusers",
           "a role ARN in mapUsers: the authenticator admits every session of the role through it "
           "when mapRoles has no entry for the role (pkg/mapper/configmap/mapper.go:59); tools "
           "that read only mapRoles miss it; move it to mapRoles"});
    } else if (m.source == Source::kRoles && id.kind != aws::PrincipalKind::kRole) {
      out.push_back({"invalid-entry", "rolearn is not a role ARN; map users in mapUsers"});
    } else if (m.source == Source::kRoles && id.session_name) {
      out.push_back(
          {"invalid-entry",
           fmt::format("rolearn is an STS session ARN and never matches; use {}", id.arn)});
    }
  } catch (const Error& e) {
    out.push_back({"invalid-entry", e.what()});
  }
}

}  // namespace

bool IsNodeRole(const Mapping& m) {
  return std::any_of(m.groups.begin(), m.groups.end(), [](const std::string& g) {
    return g == "system:nodes" || g == "system:bootstrappers";
  });
}

long WinningIndex(const std::vector<Mapping>& list, const std::string& arn) {
  // Role ARNs are keyed lower-case by the authenticator; user ARNs as written (match.hpp M4, M5).
  for (auto i = static_cast<long>(list.size()) - 1; i >= 0; --i) {
    const auto& m = list[static_cast<std::size_t>(i)];
    const bool same =
        m.source == Source::kRoles ? text::EqualsIgnoreCase(m.arn, arn) : m.arn == arn;
    if (m.invalid.empty() && same) return i;
  }
  return -1;
}

std::vector<std::string> DroppedNodeRoles(const AwsAuth& now, const AwsAuth& next) {
  std::vector<std::string> dropped;
  for (const auto& m : now.roles) {
    if (!m.invalid.empty() || !IsNodeRole(m)) continue;
    const long i = WinningIndex(next.roles, m.arn);
    if (i < 0 || !IsNodeRole(next.roles[static_cast<std::size_t>(i)])) dropped.push_back(m.arn);
  }
  return dropped;
}

std::vector<std::vector<Problem>> Check(const AwsAuth& auth, Source source) {
  const auto& list = auth.List(source);
  std::vector<std::vector<Problem>> problems(list.size());
  // The valid entries of each ARN across both lists, in order: one pass instead of a scan of the
  // whole of aws-auth per entry (5,000 entries took seconds of ARN comparisons).
  std::unordered_map<std::string, std::vector<const Mapping*>> same_arn;
  for (auto s : {Source::kRoles, Source::kUsers}) {
    for (const auto& m : auth.List(s)) {
      if (m.invalid.empty() && !m.arn.empty()) same_arn[ArnKey(m)].push_back(&m);
    }
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& m = list[i];
    auto& out = problems[i];
    if (!m.invalid.empty()) {
      out.push_back(
          {"invalid-entry", fmt::format("the authenticator drops this entry: {}", m.invalid)});
      continue;
    }
    if (!m.ignored.empty()) {
      out.push_back({"ignored-field",
                     fmt::format("the authenticator reads these fields as empty: {}; quote the "
                                 "value or write it as the type shown",
                                 m.ignored)});
    }
    CheckArn(m, out);
    if (!m.arn.empty()) {
      const auto& same = same_arn.at(ArnKey(m));
      if (same.size() > 1)
        out.push_back({"duplicate-arn", DuplicateMessage(m, same, Resolve(same))});
    }
    if (IsNodeRole(m)) {
      out.push_back(
          {"node-role", "node role mapping: nodes need it to join the cluster; never remove it"});
    }
    if (std::find(m.groups.begin(), m.groups.end(), "system:masters") != m.groups.end()) {
      out.push_back({"system-masters",
                     "grants full cluster admin (system:masters); prefer a narrower group"});
    }
    CheckTemplates(m, out);
  }
  return problems;
}

}  // namespace ssomap::awsauth
