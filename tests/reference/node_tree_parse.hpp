#pragma once
// The node-tree decoder of aws-auth values that lib/awsauth/parse.cpp used before it decoded
// yaml-cpp's parser events: YAML::Load, then the authenticator's rules over the YAML::Node
// tree. Kept only as the reference the event decoder is compared with (unit test
// awsauth/parse_differential_test.cpp and the fuzz target fuzz_awsauth). Header-only so both
// can include it without the library carrying it.
//
// Known difference: an anchor whose value contains an alias to itself (`&a [*a]`) makes a
// cyclic tree here and FirstComplexKey recurses until the stack overflows; the event decoder
// reports the key as not parsing instead. Callers must not feed such input here
// (reference::HasSelfAlias tells).

#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "awsauth/model.hpp"
#include "awsauth/parse.hpp"
#include "core/text.hpp"

namespace ssomap::awsauth::reference {
namespace detail {

inline std::size_t LineOf(const YAML::Node& node) {
  return node.Mark().line >= 0 ? static_cast<std::size_t>(node.Mark().line) + 1 : 0;
}

// Go's encoding/json matches field names case-insensitively; so does this lookup. When a key
// appears twice in different cases, the later one wins, as in encoding/json.
inline YAML::Node Field(const YAML::Node& map, std::string_view name) {
  YAML::Node found;
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && text::EqualsIgnoreCase(kv.first.Scalar(), name))
      found.reset(kv.second);
  }
  return found;
}

// A string field: absent or null → "", a scalar → its text, anything else → error.
inline bool ReadString(const YAML::Node& map, std::string_view name, std::string& out,
                       std::string& why) {
  auto node = Field(map, name);
  if (!node.IsDefined() || node.IsNull()) return true;
  if (!node.IsScalar()) {
    why = fmt::format("'{}' must be a string", name);
    return false;
  }
  out = node.Scalar();
  return true;
}

inline Mapping DecodeEntry(const YAML::Node& item, Source source, std::size_t index) {
  Mapping m;
  m.source = source;
  m.index = index;
  m.line = LineOf(item);
  if (!item.IsMap()) {
    m.invalid = "the entry is not a mapping of rolearn/userarn, username and groups";
    return m;
  }
  std::string why;
  const char* arn_key = source == Source::kRoles ? "rolearn" : "userarn";
  bool ok = ReadString(item, arn_key, m.arn, why) &&
            ReadString(item, "username", m.username, why) &&
            ReadString(item, "userid", m.userid, why);
  if (auto groups = Field(item, "groups"); ok && groups.IsDefined() && !groups.IsNull()) {
    if (!groups.IsSequence()) {
      ok = false;
      why = "'groups' must be a list";
    } else {
      for (const auto& g : groups) {
        if (!g.IsScalar()) {
          ok = false;
          why = "every item of 'groups' must be a string";
          break;
        }
        m.groups.push_back(g.Scalar());
      }
    }
  }
  if (auto sso = Field(item, "sso");
      ok && source == Source::kRoles && sso.IsDefined() && !sso.IsNull()) {
    if (!sso.IsMap()) {
      ok = false;
      why = "'sso' must be a mapping of permissionSetName, accountID and partition";
    } else {
      SsoMatcher s;
      ok = ReadString(sso, "permissionSetName", s.permission_set_name, why) &&
           ReadString(sso, "accountID", s.account_id, why) &&
           ReadString(sso, "partition", s.partition, why);
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
  return m;
}

// go-yaml, behind the authenticator's YAML → JSON step, cannot use a mapping or a list as a
// mapping key ("invalid map key") and fails the whole key; yaml-cpp accepts them. An unquoted
// `username: {{SessionName}}` is the usual way to write one.
inline std::optional<YAML::Mark> FirstComplexKey(const YAML::Node& node) {
  if (node.IsSequence()) {
    for (const auto& item : node) {
      if (auto mark = FirstComplexKey(item)) return mark;
    }
  } else if (node.IsMap()) {
    for (const auto& kv : node) {
      if (kv.first.IsMap() || kv.first.IsSequence()) return kv.first.Mark();
      if (auto mark = FirstComplexKey(kv.second)) return mark;
    }
  }
  return std::nullopt;
}

// Loads one key's YAML; on failure records the error and returns an undefined node.
inline YAML::Node LoadKey(const std::string& key, const std::string& value, AwsAuth& out) {
  try {
    auto root = YAML::Load(value);
    if (auto mark = FirstComplexKey(root)) {
      out.errors.push_back(
          {key, mark->line >= 0 ? static_cast<std::size_t>(mark->line) + 1 : 0,
           fmt::format("{} does not parse as YAML: invalid map key (a mapping or list used as a "
                       "key; quote values that start with '{{{{')",
                       key)});
      return YAML::Node(YAML::NodeType::Undefined);
    }
    return root;
  } catch (const YAML::ParserException& e) {
    out.errors.push_back({key, e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0,
                          fmt::format("{} does not parse as YAML: {}", key, e.msg)});
  } catch (const YAML::Exception& e) {
    out.errors.push_back({key, 0, fmt::format("{} does not parse as YAML: {}", key, e.msg)});
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

inline void DecodeList(const Data& data, Source source, AwsAuth& out) {
  const std::string key = SourceKey(source);
  auto it = data.find(key);
  if (it == data.end() || IsSkippable(it->second)) return;
  auto root = LoadKey(key, it->second, out);
  if (!root.IsDefined() || root.IsNull()) return;
  if (!root.IsSequence()) {
    out.errors.push_back(
        {key, LineOf(root), fmt::format("{} must be a YAML list of entries", key)});
    return;
  }
  auto& list = source == Source::kRoles ? out.roles : out.users;
  std::size_t index = 0;
  for (const auto& item : root) list.push_back(DecodeEntry(item, source, index++));
}

inline void DecodeAccounts(const Data& data, AwsAuth& out) {
  auto it = data.find(kMapAccounts);
  if (it == data.end() || IsSkippable(it->second)) return;
  auto root = LoadKey(kMapAccounts, it->second, out);
  if (!root.IsDefined() || root.IsNull()) return;
  if (!root.IsSequence()) {
    out.errors.push_back(
        {kMapAccounts, LineOf(root), "mapAccounts must be a YAML list of account IDs"});
    return;
  }
  std::vector<std::string> accounts;
  for (const auto& item : root) {
    if (!item.IsScalar()) {
      out.errors.push_back(
          {kMapAccounts, LineOf(item), "every item of mapAccounts must be an account ID"});
      return;  // yaml.v2 fails the whole list on a type error
    }
    accounts.push_back(item.Scalar());
  }
  out.accounts = std::move(accounts);
}

}  // namespace detail

/// The aws-auth data decoded by the old node-tree decoder.
inline AwsAuth Parse(const Data& data) {
  AwsAuth out;
  detail::DecodeList(data, Source::kRoles, out);
  detail::DecodeList(data, Source::kUsers, out);
  detail::DecodeAccounts(data, out);
  return out;
}

/// True when one of the keys' first YAML document has a node containing an alias to itself,
/// on which the node-tree decoder above does not return.
inline bool HasSelfAlias(const Data& data) {
  struct Finder : YAML::EventHandler {
    std::vector<YAML::anchor_t> open_anchors;
    bool found = false;
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
      for (auto a : open_anchors) found = found || a == anchor;
    }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
      open_anchors.push_back(anchor);
    }
    void OnSequenceEnd() override { open_anchors.pop_back(); }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
      open_anchors.push_back(anchor);
    }
    void OnMapEnd() override { open_anchors.pop_back(); }
  };
  for (const char* key : {kMapRoles, kMapUsers, kMapAccounts}) {
    auto it = data.find(key);
    if (it == data.end()) continue;
    try {
      std::stringstream in(it->second);
      YAML::Parser parser(in);
      Finder finder;
      parser.HandleNextDocument(finder);
      if (finder.found) return true;
    } catch (const YAML::Exception&) {
      // A key that does not parse never reaches the tree walk.
    }
  }
  return false;
}

/// Every field equal, positions and lines included.
inline bool Identical(const Mapping& a, const Mapping& b) {
  return a.SameAs(b) && a.index == b.index && a.line == b.line;
}

inline bool Identical(const AwsAuth& a, const AwsAuth& b) {
  const auto same_list = [](const std::vector<Mapping>& x, const std::vector<Mapping>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!Identical(x[i], y[i])) return false;
    }
    return true;
  };
  return same_list(a.roles, b.roles) && same_list(a.users, b.users) && a.accounts == b.accounts &&
         a.errors == b.errors;
}

}  // namespace ssomap::awsauth::reference
