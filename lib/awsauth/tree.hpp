#pragma once
/// One aws-auth key's YAML value as a flat node graph: what go-yaml's parser (libyaml) reads
/// (an alias is its anchor's node, so it has the anchor's line), in flat arrays — nodes, child
/// lists, scalars as slices of the text — instead of reference-counted node objects, so a
/// 5,000-entry aws-auth costs a few allocations, not tens of thousands. Two readers fill it:
/// libyaml's event parser for any YAML (the parser go-yaml, and so EKS, reads aws-auth with), and
/// a fast reader for the plain block style almost every aws-auth is written in.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssomap::awsauth {

struct Tree {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };
  struct Node {
    Kind kind = Kind::kNull;
    bool typed = false;       ///< a scalar go-yaml v2 resolves to a bool, int or float
    std::uint32_t line = 0;   ///< 1-based line of the node's first token
    std::uint32_t first = 0;  ///< children: edges[first, first + count)
    std::uint32_t count = 0;
    std::string_view scalar;  ///< into the text read, or into `owned`
  };
  std::vector<Node> nodes;           ///< in document order: a collection before its children
  std::vector<std::uint32_t> edges;  ///< each collection's items, or keys and values alternately
  std::deque<std::string> owned;     ///< scalars whose value is not a slice of the text
  std::size_t root = kNone;
  std::size_t self_alias_line = 0;  ///< line of an alias inside its own anchor's value, or 0

  const Node& operator[](std::size_t i) const { return nodes[i]; }
  std::span<const std::uint32_t> Children(std::size_t i) const {
    return {edges.data() + nodes[i].first, nodes[i].count};
  }
  bool IsMap(std::size_t i) const { return i != kNone && nodes[i].kind == Kind::kMap; }
  bool IsSequence(std::size_t i) const { return i != kNone && nodes[i].kind == Kind::kSequence; }
  bool IsScalar(std::size_t i) const { return i != kNone && nodes[i].kind == Kind::kScalar; }
  bool IsNullOrAbsent(std::size_t i) const { return i == kNone || nodes[i].kind == Kind::kNull; }

  /// Adds a node; `scalar` must outlive the tree (a slice of the text read, or Own()'s result).
  std::size_t Add(Kind kind, std::size_t line, std::string_view scalar = {}) {
    nodes.push_back({kind, false, static_cast<std::uint32_t>(line), 0, 0,
                     kind == Kind::kNull ? std::string_view() : scalar});
    return nodes.size() - 1;
  }
  /// Keeps `text` with the tree and returns a view of it that stays valid as the tree moves.
  std::string_view Own(std::string text) { return owned.emplace_back(std::move(text)); }
  /// Gives collection `node` the children pushed on `pending` since `mark`, and pops them.
  void Close(std::size_t node, std::vector<std::uint32_t>& pending, std::size_t mark) {
    nodes[node].first = static_cast<std::uint32_t>(edges.size());
    nodes[node].count = static_cast<std::uint32_t>(pending.size() - mark);
    edges.insert(edges.end(), pending.begin() + static_cast<std::ptrdiff_t>(mark), pending.end());
    pending.resize(mark);
  }
};

/// Why libyaml refused a text: the 1-based line of the problem (0 when unknown) and libyaml's
/// words for it, which are go-yaml's ("did not find expected key", "found unexpected end of
/// stream", ...; go-yaml prints them as "yaml: line N: ...").
struct YamlProblem {
  std::size_t line = 0;
  std::string problem;
};

/// Reads the first document of `text` as go-yaml v2's Unmarshal does (the authenticator reads
/// aws-auth through sigs.k8s.io/yaml and gopkg.in/yaml.v2, a port of libyaml): with libyaml's
/// event parser, an alias as its anchor's node (never expanded), an unknown anchor refused as
/// go-yaml refuses it. Returns nullopt with `problem` filled when the text is not YAML.
std::optional<Tree> ReadYamlTree(std::string_view text, YamlProblem& problem);

/// Reads `text` when it is written in plain block style: a block list at the top, block
/// mappings with simple keys, one-line plain, quoted (without escapes) and flow-list values,
/// comments and blank lines; ASCII, no tabs, no anchors, tags or documents markers. Returns
/// nullopt for anything else, which the caller then reads with ReadYamlTree. When it returns a
/// tree (whose scalars are slices of `text`: it must not outlive it), the tree is the one
/// ReadYamlTree gives (a differential test and a fuzzer hold it to that), except for the line of
/// a null mapping value, which nothing reads.
std::optional<Tree> ReadPlainBlockTree(std::string_view text);

}  // namespace ssomap::awsauth
