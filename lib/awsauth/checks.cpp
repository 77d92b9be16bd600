#include "awsauth/checks.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

// The templates aws-iam-authenticator expands in username and groups (pkg/server/server.go).
constexpr std::array<std::string_view, 5> kTemplates = {
    "EC2PrivateDNSName", "AccountID", "SessionName", "SessionNameRaw", "AccessKeyID"};

bool SameArn(const Mapping& a, const std::string& arn) {
  // Role ARNs are keyed lower-case by the authenticator; user ARNs are compared as written.
  return a.source == Source::kRoles ? text::EqualsIgnoreCase(a.arn, arn) : a.arn == arn;
}

// The key under which SameArn matches: equal keys <=> SameArn, for entries of one source.
std::string ArnKey(const Mapping& m) {
  return m.source == Source::kRoles ? text::Lower(m.arn) : m.arn;
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
    if (m.source == Source::kRoles && !id.removed_path.empty()) {
      out.push_back(
          {"arn-has-path",
           fmt::format(
               "this rolearn can never match: the authenticator compares the role ARN without its "
               "path '{}'; use {}",
               id.removed_path, id.arn)});
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
  for (auto i = static_cast<long>(list.size()) - 1; i >= 0; --i) {
    const auto& m = list[static_cast<std::size_t>(i)];
    if (m.invalid.empty() && SameArn(m, arn)) return i;
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
  // The valid entries of each ARN, in order: one pass instead of a scan of the whole list per
  // entry (5,000 entries took seconds of ARN comparisons).
  std::unordered_map<std::string, std::vector<std::size_t>> same_arn;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].invalid.empty() && !list[i].arn.empty()) same_arn[ArnKey(list[i])].push_back(i);
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& m = list[i];
    auto& out = problems[i];
    if (!m.invalid.empty()) {
      out.push_back(
          {"invalid-entry", fmt::format("the authenticator drops this entry: {}", m.invalid)});
      continue;
    }
    CheckArn(m, out);
    if (!m.arn.empty()) {
      const auto& same = same_arn.at(ArnKey(m));  // ascending; the last one wins (WinningIndex)
      std::vector<std::string> others;
      for (auto j : same) {
        if (j != i) others.push_back(fmt::format("{}", j + 1));
      }
      if (!others.empty()) {
        const bool wins = same.back() == i;
        out.push_back(
            {"duplicate-arn",
             fmt::format(
                 "the same ARN is also entry {} of {}; the last entry wins, so this one is {}",
                 text::Join(others, ", "), SourceKey(source), wins ? "used" : "ignored")});
      }
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
