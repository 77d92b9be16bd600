#include "awsauth/layout.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

std::vector<std::string_view> SplitKeepingEnds(std::string_view s) {
  std::vector<std::string_view> lines;
  lines.reserve(static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')) + 1);
  while (!s.empty()) {
    auto nl = s.find('\n');
    auto n = nl == std::string_view::npos ? s.size() : nl + 1;
    lines.push_back(s.substr(0, n));
    s.remove_prefix(n);
  }
  return lines;
}

std::string_view Content(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

std::size_t IndentOf(std::string_view line) { return line.find_first_not_of(' '); }

bool IsBlankOrComment(std::string_view line) {
  auto t = text::Trim(Content(line));
  return t.empty() || t.front() == '#';
}

// "- x" or a lone "-" at this line's indentation.
bool IsDashLine(std::string_view line, std::size_t column) {
  auto c = Content(line);
  if (c.size() <= column || c[column] != '-' || IndentOf(c) != column) return false;
  return c.size() == column + 1 || c[column + 1] == ' ';
}

Error Refuse(std::string_view key, std::size_t line, std::string_view why) {
  return Error(fmt::format("{} line {}: {}; not editing it", key, line, why),
               "fix the YAML by hand (kubectl edit configmap aws-auth -n kube-system), then run "
               "the command again",
               Exit::kRefused);
}

}  // namespace

namespace {

template <typename Line>
std::string Join(const std::vector<Line>& lines) {
  std::size_t size = 0;
  for (const auto& l : lines) size += l.size();
  std::string out;
  out.reserve(size);
  for (const auto& l : lines) out += l;
  return out;
}

}  // namespace

std::string JoinLines(const std::vector<std::string_view>& lines) { return Join(lines); }
std::string JoinLines(const std::vector<std::string>& lines) { return Join(lines); }

ListLayout Layout(std::string_view key, std::string_view value, std::size_t expected_entries) {
  ListLayout layout;
  layout.lines = SplitKeepingEnds(value);
  if (!layout.lines.empty() && layout.lines.front().size() >= 2 &&
      layout.lines.front()[layout.lines.front().size() - 2] == '\r') {
    layout.indent.eol = "\r\n";
  }
  std::optional<std::size_t> column;
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    auto c = Content(layout.lines[i]);
    if (c.find('\t') < c.find_first_not_of(" \t"))
      throw Refuse(key, i + 1, "indentation uses a tab");
    if (IsBlankOrComment(c)) continue;
    if (!column) {
      auto t = text::Trim(c);
      if (t == "[]" && expected_entries == 0) {
        layout.lines.clear();  // an empty flow list: replaced by a block list
        return layout;
      }
      if (t.front() != '-') throw Refuse(key, i + 1, "the list is not in block style (- entries)");
      column = IndentOf(c);
    }
    if (IndentOf(c) < *column)
      throw Refuse(key, i + 1, "a line is indented less than the list's entries");
    if (IsDashLine(c, *column)) layout.entries.push_back({i, i + 1});
  }
  if (layout.entries.size() != expected_entries) {
    throw Refuse(key, layout.entries.empty() ? 1 : layout.entries.front().begin + 1,
                 fmt::format("found {} entries in the text but the YAML has {}",
                             layout.entries.size(), expected_entries));
  }
  for (std::size_t e = 0; e < layout.entries.size(); ++e) {
    auto& span = layout.entries[e];
    span.end = e + 1 < layout.entries.size() ? layout.entries[e + 1].begin : layout.lines.size();
    while (span.end > span.begin + 1 && IsBlankOrComment(layout.lines[span.end - 1])) --span.end;
  }
  if (!layout.entries.empty()) {
    layout.empty = false;
    auto& in = layout.indent;
    in.dash_column = *column;
    auto first = Content(layout.lines[layout.entries[0].begin]);
    auto content = first.find_first_not_of(' ', in.dash_column + 1);
    if (content != std::string_view::npos) in.content_offset = content - in.dash_column;
    // The groups list style of the first entry that has one.
    for (std::size_t i = 0; i + 1 < layout.lines.size(); ++i) {
      auto c = Content(layout.lines[i]);
      auto t = text::Trim(c);
      auto key_col = c.find_first_not_of(' ');
      if (t.size() > 2 && t.substr(0, 2) == "- ") {  // eksctl writes `- groups:` first in an entry
        key_col = c.find_first_not_of(' ', key_col + 1);
        t = text::Trim(t.substr(2));
      }
      if (!text::EqualsIgnoreCase(t, "groups:")) continue;
      auto next = Content(layout.lines[i + 1]);
      auto dash_col = next.find_first_not_of(' ');
      if (dash_col != std::string_view::npos && next[dash_col] == '-' && dash_col >= key_col) {
        in.groups_offset = dash_col - key_col;
      }
      break;
    }
  }
  return layout;
}

}  // namespace ssomap::awsauth
