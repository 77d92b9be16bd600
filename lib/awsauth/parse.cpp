#include "awsauth/parse.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "awsauth/json_decode.hpp"
#include "awsauth/tree.hpp"
#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

constexpr std::size_t kNone = Tree::kNone;

// go-yaml, behind the authenticator's YAML → JSON step, cannot use a mapping or a list as a
// mapping key ("invalid map key"), sigs.k8s.io/yaml has no JSON key for a null key ("unsupported
// map key"), and either fails the whole key; libyaml's parser reads them. An unquoted
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
      // sigs.k8s.io/yaml (yaml.go:246-248) has no JSON key for a null either.
      if (!tree.IsScalar(children[i])) return std::max<std::size_t>(tree[children[i]].line, 1);
      if (auto line = FirstComplexKey(tree, children[i + 1], seen)) return line;
    }
  }
  return std::nullopt;
}

// go-yaml and sigs.k8s.io/yaml refuse what libyaml's parser reads: an alias inside its own anchor's
// value ("anchor ... value contains itself") and keys that are not scalars. Records the error and
// returns false.
bool CheckTree(const std::string& key, const Tree& tree, AwsAuth& out) {
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
         fmt::format(
             "{} does not parse as YAML: invalid map key (a mapping, list or null used as a "
             "key; quote values that start with '{{{{')",
             key)});
    return false;
  }
  return true;
}

// Reads one key's YAML (its first document, as go-yaml's Unmarshal does); on failure records
// the error and returns false. An exception mid-stream leaves nothing of the key.
bool LoadKey(const std::string& key, const std::string& value, AwsAuth& out, Tree& tree) {
  if (auto plain = ReadPlainBlockTree(value)) {
    tree = std::move(*plain);
    return true;  // plain block style has no aliases and no complex keys
  }
  YamlProblem problem;
  auto read = ReadYamlTree(value, problem);
  if (!read) {
    out.errors.push_back(
        {key, problem.line, fmt::format("{} does not parse as YAML: {}", key, problem.problem)});
    return false;
  }
  tree = std::move(*read);
  return CheckTree(key, tree, out);
}

void DecodeListTree(const std::string& key, Source source, const Tree& tree, AwsAuth& out,
                    const EntryVisitor* visit) {
  if (tree.IsNullOrAbsent(tree.root)) return;
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

void DecodeAccountsTree(const Tree& tree, AwsAuth& out) {
  if (tree.IsNullOrAbsent(tree.root)) return;
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

void DecodeList(const Data& data, Source source, AwsAuth& out,
                const EntryVisitor* visit = nullptr) {
  const std::string key = SourceKey(source);
  auto it = data.find(key);
  if (it == data.end() || IsSkippable(it->second)) return;
  Tree tree;
  if (LoadKey(key, it->second, out, tree)) DecodeListTree(key, source, tree, out, visit);
}

void DecodeAccounts(const Data& data, AwsAuth& out) {
  auto it = data.find(kMapAccounts);
  if (it == data.end() || IsSkippable(it->second)) return;
  Tree tree;
  if (LoadKey(kMapAccounts, it->second, out, tree)) DecodeAccountsTree(tree, out);
}

}  // namespace

const char* SourceKey(Source source) { return source == Source::kRoles ? kMapRoles : kMapUsers; }

bool IsSkippable(std::string_view value) {
  auto v = text::Trim(value);
  return v.empty() || v == "``" || v == "\"\"" || v == "''";
}

void DecodeTree(const std::string& key, const Tree& tree, AwsAuth& out) {
  if (!CheckTree(key, tree, out)) return;
  if (key == kMapRoles) DecodeListTree(key, Source::kRoles, tree, out, nullptr);
  if (key == kMapUsers) DecodeListTree(key, Source::kUsers, tree, out, nullptr);
  if (key == kMapAccounts) DecodeAccountsTree(tree, out);
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
