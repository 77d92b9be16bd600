#pragma once
/// Bounds on YAML alias expansion, checked before a document is turned into a tree and walked.
/// yaml-cpp shares an aliased node rather than copying it, but every walk of the tree (to JSON,
/// to a model) visits it once per alias: a few hundred bytes of nested aliases (a "billion
/// laughs" bomb) then cost gigabytes. kubectl refuses such files (sigs.k8s.io/yaml, go-yaml's
/// alias ratio check); we refuse them too, with the file named.

#include <cstdint>
#include <string_view>

namespace ssomap::yaml_bounds {

/// Nodes that aliases may add to a document once expanded, in all. go-yaml allows 400,000 decode
/// operations before its ratio check; real kubeconfigs use a handful of aliases, if any.
inline constexpr std::uint64_t kMaxAliasNodes = 100'000;

/// Parses `text` with yaml-cpp's event parser (no tree is built) and counts the nodes its aliases
/// would add once expanded. Throws ssomap::Error "<what>: YAML aliases expand to more than N
/// nodes" when over `max_alias_nodes`. Syntax errors are left to the caller's own parse.
void Check(std::string_view text, std::string_view what,
           std::uint64_t max_alias_nodes = kMaxAliasNodes);

}  // namespace ssomap::yaml_bounds
