#include "awsauth/match.hpp"

#include <unordered_map>

#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

// ArnLike(lower(subject), SSOArnLike()) for a validated matcher without a partition (rule M7):
// the six ':' sections (the last keeps its colons) must be arn, aws, iam, "", the account, and
// role/awsreservedsso_<set>_<anything>, all compared lower-cased (pkg/arn/arnlike.go:30-57).
bool SsoMatches(const SsoMatcher& sso, std::string_view canonical_arn) {
  if (!sso.partition.empty()) return false;  // pattern `arn::iam:…` (pkg/config/mapper.go:23-28)
  const std::string want = text::Lower("arn:aws:iam::" + sso.account_id + ":role/AWSReservedSSO_" +
                                       sso.permission_set_name + "_");
  const std::string subject = text::Lower(canonical_arn);
  if (!subject.starts_with(want)) return false;
  // `.*` in a Go regexp does not cross a line break.
  return subject.find('\n', want.size()) == std::string::npos;
}

// The key saveMap stores an entry under (pkg/config/mapper.go:94-99 and 130-132).
std::string StoreKey(const Mapping& m) {
  if (m.source == Source::kUsers) return m.arn;
  if (!m.arn.empty()) return text::Lower(m.arn);
  return "sso:" +
         text::Lower(m.sso->account_id + "/" + m.sso->permission_set_name + "/" + m.sso->partition);
}

// The entries that survive saveMap among `matching` (document order): per key, the last one.
std::vector<const Mapping*> Stored(const std::vector<const Mapping*>& matching) {
  std::unordered_map<std::string, const Mapping*> last;
  for (const auto* m : matching) last[StoreKey(*m)] = m;
  std::vector<const Mapping*> out;
  for (const auto* m : matching) {
    if (last.at(StoreKey(*m)) == m) out.push_back(m);
  }
  return out;
}

}  // namespace

bool Matches(const Mapping& entry, std::string_view canonical_arn, const MatchOptions& options) {
  if (!entry.invalid.empty()) return false;                                         // M6
  if (!entry.arn.empty()) return text::EqualsIgnoreCase(entry.arn, canonical_arn);  // M2, M3
  return entry.source == Source::kRoles && entry.sso && options.sso_role_match &&
         SsoMatches(*entry.sso, canonical_arn);  // M7
}

Admission Resolve(const std::vector<const Mapping*>& matching) {
  Admission out;
  for (auto source : {Source::kRoles, Source::kUsers}) {  // M1: roles, then users
    std::vector<const Mapping*> list;
    for (const auto* m : matching) {
      if (m->source == source) list.push_back(m);
    }
    if (list.empty()) continue;
    const auto stored = Stored(list);  // M4, M5
    out.used = stored.front();
    out.ambiguous = stored.size() > 1;  // M5, M8: one Go map, iterated in random order
    if (out.ambiguous) out.candidates = stored;
    break;
  }
  for (const auto* m : matching) {
    if (m != out.used) out.others.push_back(m);
  }
  return out;
}

Admission Match(const AwsAuth& auth, std::string_view canonical_arn, std::string_view account,
                const MatchOptions& options) {
  std::vector<const Mapping*> matching;
  for (auto source : {Source::kRoles, Source::kUsers}) {
    for (const auto& m : auth.List(source)) {
      if (Matches(m, canonical_arn, options)) matching.push_back(&m);
    }
  }
  Admission out = Resolve(matching);
  if (out.used == nullptr && !account.empty()) {  // M9
    for (const auto& a : auth.accounts) {
      if (a == account) out.by_account = true;
    }
  }
  return out;
}

}  // namespace ssomap::awsauth
