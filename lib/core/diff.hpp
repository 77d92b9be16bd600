#pragma once
/// Unified diffs of two texts, for `--dry-run` and `restore` (what would change, as `diff -u`).

#include <cstddef>
#include <string>
#include <string_view>

namespace ssomap::diff {

/// The unified diff (`--- from`, `+++ to`, `@@ -a,b +c,d @@` hunks with `context` lines around
/// each change) turning `before` into `after`; empty when they are equal. Common leading and
/// trailing lines are matched first; the rest by longest common subsequence while that stays
/// small, else replaced as one block (still a correct diff, only less minimal).
std::string Unified(std::string_view before, std::string_view after, std::string_view from,
                    std::string_view to, std::size_t context = 3);

}  // namespace ssomap::diff
