#pragma once
/// Where each entry of a block-style YAML list sits in its text, so edits touch only its lines.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "awsauth/render.hpp"

namespace ssomap::awsauth {

/// Lines [begin, end) of one entry, trailing blank and comment lines excluded.
struct EntrySpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct ListLayout {
  std::vector<std::string_view>
      lines;  ///< the value's lines (views into it), each with its line ending
  std::vector<EntrySpan> entries;
  Indentation indent;  ///< learnt from the entries (defaults when there are none)
  bool empty = true;   ///< no entries: the value is blank, comments, or `[]`
};

/// Lays out a list value (which must outlive the layout). Throws ssomap::Error (Exit::kRefused)
/// when the text is not a block list whose entries can be located exactly (flow style, tabs,
/// entries above the list's column), or when the count disagrees with `expected_entries` (what the
/// YAML parser found).
ListLayout Layout(std::string_view key, std::string_view value, std::size_t expected_entries);

/// The lines joined back into text.
std::string JoinLines(const std::vector<std::string_view>& lines);
std::string JoinLines(const std::vector<std::string>& lines);

}  // namespace ssomap::awsauth
