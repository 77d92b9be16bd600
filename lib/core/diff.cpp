#include "core/diff.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace ssomap::diff {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

struct Op {
  char kind;  // ' ', '-', '+'
  std::string_view line;
};

// Larger middles are replaced as one block: the table would cost more than it is worth.
constexpr std::size_t kMaxLcsCells = 4'000'000;

void DiffMiddle(const std::vector<std::string_view>& a, std::size_t a0, std::size_t a1,
                const std::vector<std::string_view>& b, std::size_t b0, std::size_t b1,
                std::vector<Op>& ops) {
  const std::size_t n = a1 - a0;
  const std::size_t m = b1 - b0;
  if (n == 0 || m == 0 || n * m > kMaxLcsCells) {
    for (std::size_t i = a0; i < a1; ++i) ops.push_back({'-', a[i]});
    for (std::size_t j = b0; j < b1; ++j) ops.push_back({'+', b[j]});
    return;
  }
  // lcs[i][j]: length of the LCS of a[a0+i..a1) and b[b0+j..b1).
  std::vector<std::size_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) =
          a[a0 + i] == b[b0 + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[a0 + i] == b[b0 + j]) {
      ops.push_back({' ', a[a0 + i]});
      ++i;
      ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      ops.push_back({'-', a[a0 + i]});  // deletions first, as diff -u prints them
      ++i;
    } else {
      ops.push_back({'+', b[b0 + j]});
      ++j;
    }
  }
}

std::string Range(std::size_t start, std::size_t count) {
  // diff -u numbers an empty range by the line before it.
  if (count == 0) return fmt::format("{},0", start);
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", start + 1, count);
}

}  // namespace

std::string Unified(std::string_view before, std::string_view after, std::string_view from,
                    std::string_view to, std::size_t context) {
  if (before == after) return {};
  const auto a = Lines(before);
  const auto b = Lines(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops;
  ops.reserve(a.size() + b.size());
  for (std::size_t i = 0; i < prefix; ++i) ops.push_back({' ', a[i]});
  DiffMiddle(a, prefix, a.size() - suffix, b, prefix, b.size() - suffix, ops);
  for (std::size_t i = a.size() - suffix; i < a.size(); ++i) ops.push_back({' ', a[i]});
  std::string out = fmt::format("--- {}\n+++ {}\n", from, to);
  if (std::none_of(ops.begin(), ops.end(), [](const Op& op) { return op.kind != ' '; })) {
    return out + "\\ only the newline at the end differs\n";
  }
  std::size_t k = 0;
  while (k < ops.size()) {
    // Find the next change, then extend the hunk while changes are within 2*context lines.
    std::size_t first = k;
    while (first < ops.size() && ops[first].kind == ' ') ++first;
    if (first == ops.size()) break;
    const std::size_t start = first >= context ? first - context : 0;
    std::size_t end = first;
    std::size_t last_change = first;
    while (end < ops.size()) {
      if (ops[end].kind != ' ') last_change = end;
      if (end - last_change > 2 * context) break;
      ++end;
    }
    end = std::min(ops.size(), last_change + context + 1);
    // Line numbers: count lines of each side before `start`.
    std::size_t a_line = 0;
    std::size_t b_line = 0;
    for (std::size_t x = 0; x < start; ++x) {
      if (ops[x].kind != '+') ++a_line;
      if (ops[x].kind != '-') ++b_line;
    }
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    for (std::size_t x = start; x < end; ++x) {
      if (ops[x].kind != '+') ++a_count;
      if (ops[x].kind != '-') ++b_count;
    }
    out += fmt::format("@@ -{} +{} @@\n", Range(a_line, a_count), Range(b_line, b_count));
    for (std::size_t x = start; x < end; ++x) {
      out += ops[x].kind;
      out += ops[x].line;
      out += '\n';
    }
    k = end;
  }
  return out;
}

}  // namespace ssomap::diff
