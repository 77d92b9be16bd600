#include "awsauth/json_decode.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "aws/arn.hpp"

namespace ssomap::awsauth {
namespace {

// bytes.EqualFold folding of a key against our ASCII field names (J1): ASCII letters lower-cased,
// U+017F (ſ) → s and U+212A (Kelvin sign) → k; other bytes kept, so they match no field.
std::string Fold(std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key.compare(i, 2, "\xC5\xBF") == 0) {
      out += 's';
      ++i;
    } else if (key.compare(i, 3, "\xE2\x84\xAA") == 0) {
      out += 'k';
      i += 2;
    } else {
      const char c = key[i];
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return out;
}

// The key/value pairs of mapping `map` as encoding/json sees them: one per distinct key, the
// last value of a repeated key (J3), in byte order of the keys (J2).
std::vector<std::pair<std::string_view, std::size_t>> Fields(const Tree& tree, std::size_t map) {
  std::vector<std::pair<std::string_view, std::size_t>> out;
  const auto kv = tree.Children(map);
  for (std::size_t i = 0; i + 1 < kv.size(); i += 2) {
    const std::string_view key = tree.IsScalar(kv[i]) ? tree[kv[i]].scalar : std::string_view();
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& f) { return f.first == key; });
    if (same != out.end()) out.erase(same);
    out.emplace_back(key, kv[i + 1]);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::string TypeName(const Tree& tree, std::size_t node) {
  if (tree.IsMap(node)) return "a mapping";
  if (tree.IsSequence(node)) return "a list";
  return fmt::format("{} (unquoted, so not a string)", tree[node].scalar);
}

struct Decoder {
  const Tree& tree;
  std::vector<std::string> ignored;

  // A string field (J4, J6): a string sets it, null keeps it, anything else is skipped.
  void String(std::string_view name, std::size_t node, std::string& out) {
    if (tree.IsNullOrAbsent(node)) return;
    if (tree.IsScalar(node) && !tree[node].typed) {
      out = tree[node].scalar;
      return;
    }
    ignored.push_back(fmt::format("'{}' is {}", name, TypeName(tree, node)));
  }

  // groups, a []string decoded in place: element i of a list overwrites element i (J4, J6).
  void Strings(std::string_view name, std::size_t node, std::vector<std::string>& out) {
    if (tree.IsNullOrAbsent(node)) {
      out.clear();
      return;
    }
    if (!tree.IsSequence(node)) {
      ignored.push_back(fmt::format("'{}' is {}, not a list", name, TypeName(tree, node)));
      return;
    }
    const auto items = tree.Children(node);
    out.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) String(name, items[i], out[i]);
  }

  void Sso(std::size_t node, std::optional<SsoMatcher>& out) {
    if (tree.IsNullOrAbsent(node)) {
      out.reset();
      return;
    }
    if (!tree.IsMap(node)) {
      ignored.push_back(fmt::format("'sso' is {}, not a mapping", TypeName(tree, node)));
      return;
    }
    if (!out) out.emplace();
    for (const auto& [key, value] : Fields(tree, node)) {
      const std::string f = Fold(key);
      if (f == "permissionsetname") String("permissionSetName", value, out->permission_set_name);
      if (f == "accountid") String("accountID", value, out->account_id);
      if (f == "partition") String("partition", value, out->partition);
    }
  }
};

// RoleMapping.Validate's checks of an `sso:` matcher (J8), or "".
std::string SsoProblem(const SsoMatcher& sso) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (sso.account_id.size() != 12 ||
      !std::all_of(sso.account_id.begin(), sso.account_id.end(), digit))
    return fmt::format("AccountID '{}' is not a valid AWS Account ID", sso.account_id);
  const auto set_char = [&](char c) {  // [\w+=,.@-], \w being ASCII in Go's RE2
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           std::string_view("_+=,.@-").find(c) != std::string_view::npos;
  };
  const auto& set = sso.permission_set_name;
  if (set.empty() || set.size() > 32 || !std::all_of(set.begin(), set.end(), set_char))
    return fmt::format("PermissionSetName '{}' is not a valid AWS SSO PermissionSet Name", set);
  if (!sso.partition.empty() && !aws::IsKnownPartition(sso.partition))
    return fmt::format("partition '{}' is not a valid AWS partition", sso.partition);
  return {};
}

std::string Validate(const Mapping& m) {
  if (m.source == Source::kUsers) return m.arn.empty() ? "userarn must be supplied" : "";
  if (m.arn.empty() && !m.sso) return "one of rolearn or sso must be supplied";
  if (!m.arn.empty() && m.sso) return "only one of rolearn or sso can be supplied";
  return m.sso ? SsoProblem(*m.sso) : "";
}

}  // namespace

void DecodeEntry(const Tree& tree, std::size_t item, Source source, std::size_t index, Mapping& m) {
  m.source = source;
  m.index = index;
  m.line = tree[item].line;
  if (!tree.IsMap(item)) {  // J7
    m.invalid = "the entry is not a mapping of rolearn/userarn, username and groups";
    return;
  }
  Decoder d{tree, {}};
  const bool roles = source == Source::kRoles;
  for (const auto& [key, value] : Fields(tree, item)) {
    const std::string f = Fold(key);
    if (f == (roles ? "rolearn" : "userarn")) d.String(roles ? "rolearn" : "userarn", value, m.arn);
    if (f == "username") d.String("username", value, m.username);
    if (f == "groups") d.Strings("groups", value, m.groups);
    if (f == "userid") d.String("userid", value, m.userid);
    if (roles && f == "sso") d.Sso(value, m.sso);
  }
  for (const auto& why : d.ignored) {
    if (!m.ignored.empty()) m.ignored += "; ";
    m.ignored += why;
  }
  m.invalid = Validate(m);
  if (!m.invalid.empty() && !m.ignored.empty())
    m.invalid = fmt::format("{} ({})", m.invalid, m.ignored);
}

}  // namespace ssomap::awsauth
