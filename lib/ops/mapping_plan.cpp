#include "ops/mapping_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "awsauth/block_rewrite.hpp"
#include "awsauth/checks.hpp"
#include "awsauth/match.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::ops {
namespace {

awsauth::Source SourceFor(const aws::AwsAuthIdentity& id) {
  return id.kind == aws::PrincipalKind::kRole ? awsauth::Source::kRoles : awsauth::Source::kUsers;
}

std::string LastSegment(const std::string& arn) { return arn.substr(arn.find_last_of("/:") + 1); }

// A key the authenticator cannot read is never edited (awsauth::Edit refuses it too); refused
// here first so that the line named is the one the user sees (the file's under --local).
void RefuseUnparsed(const awsauth::AwsAuth& auth, const std::string& key, const LineMapper& lines) {
  for (const auto& e : auth.errors) {
    if (e.key != key) continue;
    throw Error(fmt::format("{} line {}: {}; not editing a key that does not parse", key,
                            lines ? lines(key, e.line) : e.line, e.message),
                "fix the YAML by hand (kubectl edit configmap aws-auth -n kube-system), then run "
                "the command again",
                Exit::kRefused);
  }
}

// Path-ful entries for the same role never match; say so, since they are why users come to us.
void NotePathfulTwins(const awsauth::AwsAuth& auth, const aws::AwsAuthIdentity& id,
                      std::vector<std::string>& notes, const LineMapper& lines) {
  if (id.kind != aws::PrincipalKind::kRole) return;
  for (const auto& m : auth.roles) {
    if (m.arn.empty() || text::EqualsIgnoreCase(m.arn, id.arn)) continue;
    try {
      auto other = aws::AwsAuthForm(m.arn);
      if (!other.removed_path.empty() && text::EqualsIgnoreCase(other.arn, id.arn)) {
        notes.push_back(
            fmt::format("{} maps the same role with its path, which never matches; "
                        "remove it with: kubectl ssomap remove --arn {}",
                        DescribeEntry(m, lines), m.arn));
      }
    } catch (const Error&) {
      // Not an ARN: reported by `list` as invalid-entry.
    }
  }
}

// A flow/JSON-style list is rewritten in block style by the edit; say so (issue 10 §2).
void NoteBlockRewrite(const awsauth::Data& data, const awsauth::AwsAuth& auth,
                      awsauth::Source source, std::vector<std::string>& notes) {
  if (awsauth::RewritesInBlockStyle(data, auth, source)) {
    notes.push_back(fmt::format(
        "{} was written in flow (JSON) style; it is rewritten in block style, every mapping kept",
        awsauth::SourceKey(source)));
  }
}

}  // namespace

std::string DefaultUsername(const aws::AwsAuthIdentity& id) {
  switch (id.kind) {
    case aws::PrincipalKind::kRole:
      if (id.permission_set) return fmt::format("sso:{}:{{{{SessionName}}}}", *id.permission_set);
      return fmt::format("{}:{{{{SessionName}}}}", id.role_name);
    case aws::PrincipalKind::kUser:
      return LastSegment(id.arn);
    case aws::PrincipalKind::kRoot:
      return fmt::format("root:{}", id.account);
    case aws::PrincipalKind::kFederatedUser:
      return fmt::format("federated:{}", LastSegment(id.arn));
  }
  return LastSegment(id.arn);
}

void ValidateName(const std::string& flag, const std::string& value) {
  if (value.empty()) throw UsageError(fmt::format("{} must not be empty", flag));
  if (text::Trim(value) != value)
    throw UsageError(fmt::format("{} {} has surrounding spaces", flag, text::Quote(value)));
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      throw UsageError(fmt::format("{} {} contains a control character", flag, text::Quote(value)));
    }
  }
  if (value.size() > 256) throw UsageError(fmt::format("{} is longer than 256 characters", flag));
}

std::string DescribeEntry(const awsauth::Mapping& m, const LineMapper& lines) {
  const std::string key = awsauth::SourceKey(m.source);
  return fmt::format("{} entry {} (line {}): {} -> username {}, groups [{}]", key, m.index + 1,
                     lines ? lines(key, m.line) : m.line, m.arn.empty() ? "<no arn>" : m.arn,
                     m.username.empty() ? "<none>" : m.username, text::Join(m.groups, ", "));
}

MappingPlan PlanAdd(const awsauth::Data& data, const aws::AwsAuthIdentity& id, const Grant& grant,
                    bool overwrite, const LineMapper& lines) {
  MappingPlan plan;
  plan.source = SourceFor(id);
  plan.mapping = {id.arn, grant.username.empty() ? DefaultUsername(id) : grant.username,
                  grant.groups};
  if (!grant.username.empty()) ValidateName("--username", grant.username);
  for (const auto& g : grant.groups) ValidateName("--group", g);
  const auto auth = awsauth::Parse(data);
  RefuseUnparsed(auth, awsauth::SourceKey(plan.source), lines);
  NotePathfulTwins(auth, id, plan.notes, lines);
  // What admits the identity now, in either list, as the authenticator decides (match.hpp).
  const auto admission = awsauth::Match(auth, id.arn);
  if (admission.used == nullptr) {
    plan.action = MappingPlan::Action::kAdd;
    NoteBlockRewrite(data, auth, plan.source, plan.notes);
    plan.data = awsauth::AddMapping(data, auth, plan.source, plan.mapping);
    return plan;
  }
  const auto& existing = *admission.used;
  plan.existing = existing;
  if (admission.ambiguous) {
    std::vector<std::string> entries;
    for (const auto* m : admission.candidates) entries.push_back(DescribeEntry(*m, lines));
    throw Error(
        fmt::format("{} is mapped by {} entries, and the authenticator picks one at random: "
                    "{}",
                    id.arn, entries.size(), text::Join(entries, "; ")),
        fmt::format("remove the extra entries first (kubectl ssomap remove --arn {})", id.arn),
        Exit::kRefused);
  }
  if (existing.username == plan.mapping.username && existing.groups == plan.mapping.groups &&
      existing.arn == plan.mapping.arn && existing.source == plan.source) {
    plan.action = MappingPlan::Action::kUnchanged;
    plan.data = data;
    for (const auto* m : admission.others)
      plan.notes.push_back(
          fmt::format("{} also names it and is ignored", DescribeEntry(*m, lines)));
    return plan;
  }
  if (!overwrite) {
    throw Error(fmt::format("{} is already mapped: {}", id.arn, DescribeEntry(existing, lines)),
                "pass --overwrite to replace that mapping, or 'kubectl ssomap remove' it first",
                Exit::kRefused);
  }
  // --overwrite replaces the entry the authenticator uses, in the list it is in.
  plan.source = existing.source;
  plan.action = MappingPlan::Action::kReplace;
  NoteBlockRewrite(data, auth, plan.source, plan.notes);
  plan.data = awsauth::ReplaceMapping(data, auth, plan.source, existing.index, plan.mapping);
  if (existing.source != SourceFor(id)) {
    plan.notes.push_back(fmt::format("replaced {} in place: the authenticator reads it for {}",
                                     DescribeEntry(existing, lines), id.arn));
  }
  for (const auto* m : admission.others)
    plan.notes.push_back(
        fmt::format("{} also names it and stays ignored", DescribeEntry(*m, lines)));
  return plan;
}

MappingPlan PlanRemove(const awsauth::Data& data, const aws::AwsAuthIdentity& id,
                       const std::string& as_written, const LineMapper& lines) {
  MappingPlan plan;
  plan.source = SourceFor(id);
  const auto auth = awsauth::Parse(data);
  const auto written = text::Trim(as_written);
  const bool pathful = !written.empty() && !text::EqualsIgnoreCase(written, id.arn);
  const awsauth::Mapping* target = nullptr;
  if (pathful) {
    // The path-ful ARN as written matches nobody; remove the entry that names it.
    const auto named = awsauth::Match(auth, written);
    target = named.used;
    if (target != nullptr) {
      plan.notes.push_back(fmt::format(
          "removing the entry for the path-ful ARN {} as written; it never matched anyone",
          written));
    }
  }
  if (target == nullptr) target = awsauth::Match(auth, id.arn).used;
  if (target == nullptr) {
    throw Error(fmt::format("{} is not mapped in mapRoles or mapUsers", id.arn),
                "see the mappings with: kubectl ssomap list");
  }
  const auto& existing = *target;
  RefuseUnparsed(auth, awsauth::SourceKey(existing.source), lines);
  if (awsauth::IsNodeRole(existing)) {
    throw Error(
        fmt::format(
            "{} is a node role mapping ({}); removing it takes the nodes out of the cluster",
            id.arn, DescribeEntry(existing, lines)),
        "if you really mean it, edit aws-auth by hand", Exit::kRefused);
  }
  plan.source = existing.source;
  plan.existing = existing;
  plan.mapping = {existing.arn, existing.username, existing.groups};
  plan.action = MappingPlan::Action::kRemove;
  NoteBlockRewrite(data, auth, plan.source, plan.notes);
  plan.data = awsauth::RemoveMapping(data, auth, plan.source, existing.index);
  const auto after = awsauth::Parse(plan.data);
  const auto still = awsauth::Match(after, pathful ? std::string(written) : id.arn);
  if (still.used != nullptr) {
    plan.notes.push_back(
        fmt::format("another entry, {}, still admits {}; run remove again to drop it",
                    DescribeEntry(*still.used, lines), id.arn));
  }
  return plan;
}

}  // namespace ssomap::ops
