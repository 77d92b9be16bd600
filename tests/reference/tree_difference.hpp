#pragma once
// Comparing two readings of one YAML value (lib/awsauth/tree.hpp): the plain-block reader's
// against libyaml's, in the unit test awsauth/tree_differential_test.cpp and the fuzz target
// fuzz_awsauth.

#include <string>

#include "awsauth/tree.hpp"

namespace ssomap::awsauth::reference {

// Why two trees differ, or empty. A null mapping value's line is not compared: libyaml gives
// it the next token's line, and nothing reads it.
inline std::string Difference(const Tree& want, std::size_t w, const Tree& got, std::size_t g,
                              bool map_value) {
  if (w == Tree::kNone || g == Tree::kNone) return w == g ? "" : "a missing node";
  const auto& a = want[w];
  const auto& b = got[g];
  if (a.kind != b.kind) return "kind differs at line " + std::to_string(a.line);
  if (a.typed != b.typed) return "implicit type differs at line " + std::to_string(a.line);
  if (a.scalar != b.scalar)
    return "scalar '" + std::string(a.scalar) + "' read as '" + std::string(b.scalar) + "'";
  if (a.line != b.line && !(map_value && a.kind == Tree::Kind::kNull)) {
    return "line " + std::to_string(a.line) + " read as " + std::to_string(b.line);
  }
  if (a.count != b.count) return "child count differs at line " + std::to_string(a.line);
  for (std::size_t i = 0; i < a.count; ++i) {
    const bool value = a.kind == Tree::Kind::kMap && i % 2 == 1;
    if (auto d = Difference(want, want.Children(w)[i], got, got.Children(g)[i], value); !d.empty())
      return d;
  }
  return "";
}

/// Why `got` differs from `want` (libyaml's reading), or empty when they are the same.
inline std::string TreeDifference(const Tree& want, const Tree& got) {
  return Difference(want, want.root, got, got.root, false);
}

}  // namespace ssomap::awsauth::reference
