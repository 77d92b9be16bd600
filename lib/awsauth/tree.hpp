#pragma once
/// One aws-auth key's YAML value as a flat node graph: what yaml-cpp's YAML::Load would build
/// (an alias is its anchor's node, so it has the anchor's line), in flat arrays instead of
/// reference-counted YAML::Node objects. Two readers fill it: yaml-cpp's event parser for any
/// YAML, and a fast reader for the plain block style almost every aws-auth is written in.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssomap::awsauth {

struct Tree {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };
  struct Node {
    Kind kind = Kind::kNull;
    std::size_t line = 0;  ///< 1-based line of the node's first token
    std::string scalar;
    std::vector<std::size_t> children;  ///< items, or keys and values alternately
  };
  std::vector<Node> nodes;  ///< in document order: a collection before its children
  std::size_t root = kNone;
  std::size_t self_alias_line = 0;  ///< line of an alias inside its own anchor's value, or 0

  const Node& operator[](std::size_t i) const { return nodes[i]; }
  bool IsMap(std::size_t i) const { return i != kNone && nodes[i].kind == Kind::kMap; }
  bool IsSequence(std::size_t i) const { return i != kNone && nodes[i].kind == Kind::kSequence; }
  bool IsScalar(std::size_t i) const { return i != kNone && nodes[i].kind == Kind::kScalar; }
  bool IsNullOrAbsent(std::size_t i) const { return i == kNone || nodes[i].kind == Kind::kNull; }
};

/// Reads the first document of `text` with yaml-cpp's parser. Throws YAML::Exception (with the
/// position in its mark) when the text is not YAML.
Tree ReadYamlTree(const std::string& text);

/// Reads `text` when it is written in plain block style: a block list at the top, block
/// mappings with simple keys, one-line plain, quoted (without escapes) and flow-list values,
/// comments and blank lines; ASCII, no tabs, no anchors, tags or documents markers. Returns
/// nullopt for anything else, which the caller then reads with ReadYamlTree. When it returns a
/// tree, the tree is the one ReadYamlTree gives (a differential test and a fuzzer hold it to
/// that), except for the line of a null mapping value, which nothing reads.
std::optional<Tree> ReadPlainBlockTree(std::string_view text);

}  // namespace ssomap::awsauth
