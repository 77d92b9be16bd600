#pragma once
// The oracle of issue 10 §2: libyaml itself (Debian's libyaml-0-2, the C library go-yaml is a
// port of) reads each aws-auth key, and the library's decoder applies the authenticator's struct
// rules to libyaml's tree. Used by the unit test awsauth/libyaml_differential_test.cpp and the
// fuzz target fuzz_awsauth: whenever libyaml rejects a key's value, awsauth::Parse must report
// that key as not parsing and list nothing from it; whenever it accepts, Parse must give what the
// oracle gives. Header-only (tests only link libyaml).
#include <yaml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "awsauth/parse.hpp"
#include "awsauth/tree.hpp"
#include "awsauth/yaml_resolve.hpp"

namespace ssomap::oracle {

// One libyaml parser, freed on every path.
class LibyamlParser {
 public:
  explicit LibyamlParser(const std::string& text) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                   text.size());
    }
  }
  ~LibyamlParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;
  yaml_parser_t* get() { return &parser_; }
  bool ok() const { return ok_; }

 private:
  yaml_parser_t parser_{};
  bool ok_ = false;
};

// What libyaml makes of one key's value: its first document as a Tree, or the line of its error.
struct LibyamlRead {
  std::optional<awsauth::Tree> tree;
  std::size_t error_line = 0;  // 1-based, when tree is empty
  std::string problem;
};

inline bool IsNullPlain(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Reads the first document of `text` with libyaml's event parser (as go-yaml's Unmarshal does).
inline LibyamlRead ReadWithLibyaml(const std::string& text) {
  LibyamlRead out;
  LibyamlParser parser(text);
  if (!parser.ok()) return out;
  awsauth::Tree tree;
  std::map<std::string, std::size_t> anchors;
  struct Open {
    std::size_t node;
    std::size_t mark;
  };
  std::vector<Open> open;
  std::vector<std::uint32_t> pending;
  const auto attach = [&](std::size_t node) {
    if (open.empty()) {
      if (tree.root == awsauth::Tree::kNone) tree.root = node;
    } else {
      pending.push_back(static_cast<std::uint32_t>(node));
    }
  };
  const auto anchor = [&](const yaml_char_t* name, std::size_t node) {
    if (name != nullptr) anchors[reinterpret_cast<const char*>(name)] = node;
  };
  for (int guard = 0; guard < 10'000'000; ++guard) {
    yaml_event_t event;
    if (yaml_parser_parse(parser.get(), &event) == 0) {
      out.error_line = parser.get()->problem_mark.line + 1;
      out.problem = parser.get()->problem != nullptr ? parser.get()->problem : "error";
      return out;
    }
    std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> owned(&event, yaml_event_delete);
    const std::size_t line = event.start_mark.line + 1;
    switch (event.type) {
      case YAML_SCALAR_EVENT: {
        const std::string value(reinterpret_cast<const char*>(event.data.scalar.value),
                                event.data.scalar.length);
        const bool plain = event.data.scalar.plain_implicit != 0 &&
                           event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        const std::string tag =
            event.data.scalar.tag ? reinterpret_cast<const char*>(event.data.scalar.tag) : "";
        std::size_t node;
        if ((plain && tag.empty() && IsNullPlain(value)) || tag == "tag:yaml.org,2002:null") {
          node = tree.Add(awsauth::Tree::Kind::kNull, line);
        } else {
          node = tree.Add(awsauth::Tree::Kind::kScalar, line,
                          value.empty() ? std::string_view() : tree.Own(value));
          tree.nodes[node].typed = (plain && tag.empty() && awsauth::PlainIsNonString(value)) ||
                                   tag == "tag:yaml.org,2002:int" ||
                                   tag == "tag:yaml.org,2002:float" ||
                                   tag == "tag:yaml.org,2002:bool";
        }
        anchor(event.data.scalar.anchor, node);
        attach(node);
        break;
      }
      case YAML_ALIAS_EVENT: {
        const auto it = anchors.find(reinterpret_cast<const char*>(event.data.alias.anchor));
        if (it == anchors.end()) {  // go-yaml: "unknown anchor ... referenced"
          out.error_line = line;
          out.problem = "unknown anchor";
          return out;
        }
        for (const auto& o : open) {
          if (o.node == it->second && tree.self_alias_line == 0) tree.self_alias_line = line;
        }
        attach(it->second);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = event.type == YAML_SEQUENCE_START_EVENT;
        const std::size_t node =
            tree.Add(seq ? awsauth::Tree::Kind::kSequence : awsauth::Tree::Kind::kMap, line);
        anchor(seq ? event.data.sequence_start.anchor : event.data.mapping_start.anchor, node);
        attach(node);
        open.push_back({node, pending.size()});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        tree.Close(open.back().node, pending, open.back().mark);
        open.pop_back();
        break;
      case YAML_DOCUMENT_END_EVENT:
      case YAML_STREAM_END_EVENT:
        out.tree = std::move(tree);
        return out;
      default:
        break;
    }
  }
  return out;
}

// The oracle's AwsAuth for `data`: each of the three keys read by libyaml, then decoded by the
// library's authenticator rules (awsauth::DecodeTree). A key libyaml rejects is an error at its
// line, with no entries.
inline awsauth::AwsAuth Decode(const awsauth::Data& data) {
  awsauth::AwsAuth out;
  for (const char* key : {awsauth::kMapRoles, awsauth::kMapUsers, awsauth::kMapAccounts}) {
    auto it = data.find(key);
    if (it == data.end() || awsauth::IsSkippable(it->second)) continue;
    auto read = ReadWithLibyaml(it->second);
    if (!read.tree) {
      out.errors.push_back({key, read.error_line, "libyaml: " + read.problem});
      continue;
    }
    awsauth::DecodeTree(key, *read.tree, out);
  }
  return out;
}

}  // namespace ssomap::oracle
