#include "awsauth/parse.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/exceptions.h>

#include <fmt/format.h>

#include "awsauth/tree.hpp"
#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

constexpr std::size_t kNone = Tree::kNone;

std::size_t LineOf(const YAML::Mark& mark) {
  return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0;
}

// Go's encoding/json matches field names case-insensitively; so does this lookup. When a key
// appears twice in different cases, the later one wins, as in encoding/json.
std::size_t Field(const Tree& tree, std::size_t map, std::string_view name) {
  std::size_t found = kNone;
  const auto kv = tree.Children(map);
  for (std::size_t i = 0; i + 1 < kv.size(); i += 2) {
    if (tree.IsScalar(kv[i]) && text::EqualsIgnoreCase(tree[kv[i]].scalar, name)) found = kv[i + 1];
  }
  return found;
}

// A string field: absent or null → "", a scalar → its text, anything else → error.
bool ReadString(const Tree& tree, std::size_t map, std::string_view name, std::string& out,
                std::string& why) {
  const auto node = Field(tree, map, name);
  if (tree.IsNullOrAbsent(node)) return true;
  if (!tree.IsScalar(node)) {
    why = fmt::format("'{}' must be a string", name);
    return false;
  }
  out = tree[node].scalar;
  return true;
}

// Fills `m`, a new entry of its list (built in place: a 5,000-entry list is megabytes).
void DecodeEntry(const Tree& tree, std::size_t item, Source source, std::size_t index, Mapping& m) {
  m.source = source;
  m.index = index;
  m.line = tree[item].line;
  if (!tree.IsMap(item)) {
    m.invalid = "the entry is not a mapping of rolearn/userarn, username and groups";
    return;
  }
  std::string why;
  const char* arn_key = source == Source::kRoles ? "rolearn" : "userarn";
  bool ok = ReadString(tree, item, arn_key, m.arn, why) &&
            ReadString(tree, item, "username", m.username, why) &&
            ReadString(tree, item, "userid", m.userid, why);
  if (auto groups = Field(tree, item, "groups"); ok && !tree.IsNullOrAbsent(groups)) {
    if (!tree.IsSequence(groups)) {
      ok = false;
      why = "'groups' must be a list";
    } else {
      for (auto g : tree.Children(groups)) {
        if (!tree.IsScalar(g)) {
          ok = false;
          why = "every item of 'groups' must be a string";
          break;
        }
        m.groups.emplace_back(tree[g].scalar);
      }
    }
  }
  if (auto sso = Field(tree, item, "sso");
      ok && source == Source::kRoles && !tree.IsNullOrAbsent(sso)) {
    if (!tree.IsMap(sso)) {
      ok = false;
      why = "'sso' must be a mapping of permissionSetName, accountID and partition";
    } else {
      SsoMatcher s;
      ok = ReadString(tree, sso, "permissionSetName", s.permission_set_name, why) &&
           ReadString(tree, sso, "accountID", s.account_id, why) &&
           ReadString(tree, sso, "partition", s.partition, why);
      m.sso = s;
    }
  }
  if (!ok) {
    m.invalid = why;
  } else if (source == Source::kRoles && m.arn.empty() && !m.sso) {
    m.invalid = "one of rolearn or sso must be supplied";
  } else if (source == Source::kRoles && !m.arn.empty() && m.sso) {
    m.invalid = "only one of rolearn or sso can be supplied";
  } else if (source == Source::kUsers && m.arn.empty()) {
    m.invalid = "userarn must be supplied";
  }
}

// go-yaml, behind the authenticator's YAML → JSON step, cannot use a mapping or a list as a
// mapping key ("invalid map key") and fails the whole key; yaml-cpp accepts them. An unquoted
// `username: {{SessionName}}` is the usual way to write one. Returns the line of the first, in
// document order. A node reached again through an alias was searched in full the first time.
std::optional<std::size_t> FirstComplexKey(const Tree& tree, std::size_t node,
                                           std::vector<bool>& seen) {
  if (seen[node]) return std::nullopt;
  seen[node] = true;
  const auto children = tree.Children(node);
  if (tree.IsSequence(node)) {
    for (auto item : children) {
      if (auto line = FirstComplexKey(tree, item, seen)) return line;
    }
  } else if (tree.IsMap(node)) {
    for (std::size_t i = 0; i + 1 < children.size(); i += 2) {
      if (tree.IsMap(children[i]) || tree.IsSequence(children[i])) return tree[children[i]].line;
      if (auto line = FirstComplexKey(tree, children[i + 1], seen)) return line;
    }
  }
  return std::nullopt;
}

// Reads one key's YAML (its first document, as YAML::Load does); on failure records the error
// and returns false. An exception mid-stream leaves nothing of the key.
bool LoadKey(const std::string& key, const std::string& value, AwsAuth& out, Tree& tree) {
  if (auto plain = ReadPlainBlockTree(value)) {
    tree = std::move(*plain);
    return true;  // plain block style has no aliases and no complex keys
  }
  try {
    tree = ReadYamlTree(value);
  } catch (const YAML::ParserException& e) {
    out.errors.push_back(
        {key, LineOf(e.mark), fmt::format("{} does not parse as YAML: {}", key, e.msg)});
    return false;
  } catch (const YAML::Exception& e) {
    out.errors.push_back({key, 0, fmt::format("{} does not parse as YAML: {}", key, e.msg)});
    return false;
  }
  // go-yaml refuses these too ("anchor ... value contains itself").
  if (tree.self_alias_line != 0) {
    out.errors.push_back(
        {key, tree.self_alias_line,
         fmt::format("{} does not parse as YAML: an alias inside the value of its own anchor",
                     key)});
    return false;
  }
  if (tree.root == kNone) return true;
  std::vector<bool> seen(tree.nodes.size());
  if (auto line = FirstComplexKey(tree, tree.root, seen)) {
    out.errors.push_back(
        {key, *line,
         fmt::format("{} does not parse as YAML: invalid map key (a mapping or list used as a "
                     "key; quote values that start with '{{{{')",
                     key)});
    return false;
  }
  return true;
}

void DecodeList(const Data& data, Source source, AwsAuth& out,
                const EntryVisitor* visit = nullptr) {
  const std::string key = SourceKey(source);
  auto it = data.find(key);
  if (it == data.end() || IsSkippable(it->second)) return;
  Tree tree;
  if (!LoadKey(key, it->second, out, tree) || tree.IsNullOrAbsent(tree.root)) return;
  if (!tree.IsSequence(tree.root)) {
    out.errors.push_back(
        {key, tree[tree.root].line, fmt::format("{} must be a YAML list of entries", key)});
    return;
  }
  const auto items = tree.Children(tree.root);
  std::size_t index = 0;
  if (visit != nullptr) {
    for (auto item : items) {
      Mapping m;
      DecodeEntry(tree, item, source, index++, m);
      (*visit)(m);
    }
    return;
  }
  auto& list = source == Source::kRoles ? out.roles : out.users;
  list.reserve(items.size());
  for (auto item : items) DecodeEntry(tree, item, source, index++, list.emplace_back());
}

void DecodeAccounts(const Data& data, AwsAuth& out) {
  auto it = data.find(kMapAccounts);
  if (it == data.end() || IsSkippable(it->second)) return;
  Tree tree;
  if (!LoadKey(kMapAccounts, it->second, out, tree) || tree.IsNullOrAbsent(tree.root)) return;
  if (!tree.IsSequence(tree.root)) {
    out.errors.push_back(
        {kMapAccounts, tree[tree.root].line, "mapAccounts must be a YAML list of account IDs"});
    return;
  }
  std::vector<std::string> accounts;
  for (auto item : tree.Children(tree.root)) {
    if (!tree.IsScalar(item)) {
      out.errors.push_back(
          {kMapAccounts, tree[item].line, "every item of mapAccounts must be an account ID"});
      return;  // yaml.v2 fails the whole list on a type error
    }
    accounts.emplace_back(tree[item].scalar);
  }
  out.accounts = std::move(accounts);
}

}  // namespace

const char* SourceKey(Source source) { return source == Source::kRoles ? kMapRoles : kMapUsers; }

bool IsSkippable(std::string_view value) {
  auto v = text::Trim(value);
  return v.empty() || v == "``" || v == "\"\"" || v == "''";
}

AwsAuth Parse(const Data& data) {
  AwsAuth out;
  DecodeList(data, Source::kRoles, out);
  DecodeList(data, Source::kUsers, out);
  DecodeAccounts(data, out);
  return out;
}

AwsAuth Parse(const Data& data, Source streamed, const EntryVisitor& visit) {
  AwsAuth out;
  DecodeList(data, Source::kRoles, out, streamed == Source::kRoles ? &visit : nullptr);
  DecodeList(data, Source::kUsers, out, streamed == Source::kUsers ? &visit : nullptr);
  DecodeAccounts(data, out);
  return out;
}

}  // namespace ssomap::awsauth
