// A fast reader for the YAML that aws-auth is almost always written in. yaml-cpp's scanner
// costs about 20 µs per entry (≈100 ms for a 5,000-entry aws-auth, parsed twice per edit);
// this reader takes the plain block style in one pass over the lines and hands back everything
// else — the first character it is not sure of — to yaml-cpp, so it never has to be a YAML
// parser: only exactly right on the subset it accepts.
#include <algorithm>
#include <utility>

#include "awsauth/tree.hpp"
#include "awsauth/yaml_resolve.hpp"

namespace ssomap::awsauth {
namespace {

struct Line {
  std::size_t number = 0;  ///< 1-based
  std::size_t indent = 0;  ///< column of `text`
  std::string_view text;   ///< from the first non-space character to the end of the line
};

bool IsBlank(char c) { return c == ' '; }

// yaml-cpp reads these plain scalars as null (YAML::IsNullString).
bool IsNullWord(std::string_view v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

// A plain scalar may start with these; the others are YAML indicators or need a second look.
bool IsPlainStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '/' || c == '+' || c == '=' || c == '$' || c == '(' || c == ')' ||
         c == '^' || c == ';' || c == '~';
}

bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

// Where a simple key's `:` is, when `text` starts with `key:` followed by a space or the end.
std::optional<std::size_t> SimpleKeyEnd(std::string_view text) {
  if (text.empty() || !((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z') ||
                        text[0] == '_')) {
    return std::nullopt;
  }
  std::size_t i = 1;
  while (i < text.size() &&
         ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
          (text[i] >= '0' && text[i] <= '9') || text[i] == '_' || text[i] == '-')) {
    ++i;
  }
  if (i < text.size() && text[i] == ':' && (i + 1 == text.size() || IsBlank(text[i + 1]))) return i;
  return std::nullopt;
}

// What may follow a value on its line: spaces, then nothing or a comment.
bool IsLineTail(std::string_view rest) {
  std::size_t i = 0;
  while (i < rest.size() && IsBlank(rest[i])) ++i;
  return i == rest.size() || (i > 0 && rest[i] == '#');
}

class Reader {
 public:
  explicit Reader(std::vector<Line> lines) : lines_(std::move(lines)) {
    tree_.nodes.reserve(lines_.size() * 2 + 2);  // a key and its value per line, mostly
    tree_.edges.reserve(lines_.size() * 2 + 2);
  }

  std::optional<Tree> Read() {
    if (lines_.empty() || !IsDash(lines_[0].text)) return std::nullopt;
    if (!Sequence(lines_[0].indent) || at_ != lines_.size()) return std::nullopt;
    tree_.root = 0;
    return std::move(tree_);
  }

 private:
  static bool IsDash(std::string_view text) {
    return text.size() >= 2 && text[0] == '-' && IsBlank(text[1]);
  }

  // A child of the innermost collection being read.
  std::size_t AddChild(Tree::Kind kind, std::size_t line, std::string_view scalar = {}) {
    const std::size_t node = tree_.Add(kind, line, scalar);
    pending_.push_back(static_cast<std::uint32_t>(node));
    return node;
  }

  // A scalar value: plain null words are null; other plain scalars get go-yaml's implicit type.
  void AddScalar(bool quoted, std::size_t line, std::string_view value) {
    if (!quoted && IsNullWord(value)) {
      AddChild(Tree::Kind::kNull, line);
      return;
    }
    const std::size_t node = AddChild(Tree::Kind::kScalar, line, value);
    tree_.nodes[node].typed = !quoted && PlainIsNonString(value);
  }

  // A block list whose dashes are at `column`, from the current line.
  bool Sequence(std::size_t column) {
    const std::size_t seq = AddChild(Tree::Kind::kSequence, lines_[at_].number);
    const std::size_t mark = pending_.size();
    while (at_ < lines_.size() && lines_[at_].indent == column && IsDash(lines_[at_].text)) {
      Line& line = lines_[at_];
      std::size_t skip = 1;
      while (skip < line.text.size() && IsBlank(line.text[skip])) ++skip;
      const std::string_view item = line.text.substr(skip);
      if (item.empty() || item[0] == '#' || item[0] == '-')
        return false;  // empty item or a list in a list
      if (SimpleKeyEnd(item)) {
        // The item's mapping starts mid-line: its keys sit at the column of the first one.
        line.indent += skip;
        line.text = item;
        if (!Mapping(line.indent, AddChild(Tree::Kind::kMap, line.number))) return false;
      } else {
        if (!InlineValue(item, line.number)) return false;
        ++at_;
      }
      // After an item, a deeper line would continue a scalar or misplace a key.
      if (at_ < lines_.size() && lines_[at_].indent > column) return false;
    }
    tree_.Close(seq, pending_, mark);
    return true;
  }

  // The keys of block mapping `map` at `column`, from the current line (a key line).
  bool Mapping(std::size_t column, std::size_t map) {
    const std::size_t mark = pending_.size();
    while (at_ < lines_.size() && lines_[at_].indent == column) {
      const Line& line = lines_[at_];
      const auto colon = SimpleKeyEnd(line.text);
      if (!colon) return false;
      const std::string_view key = line.text.substr(0, *colon);
      AddScalar(false, line.number, key);
      const std::string_view rest = line.text.substr(*colon + 1);
      if (IsLineTail(rest)) {
        ++at_;
        if (!BlockValue(column, line.number)) return false;
      } else {
        std::size_t start = 0;
        while (IsBlank(rest[start])) ++start;
        if (!InlineValue(rest.substr(start), line.number)) return false;
        ++at_;
      }
      if (at_ < lines_.size() && lines_[at_].indent > column) return false;
    }
    tree_.Close(map, pending_, mark);
    return true;
  }

  // The value of a key with nothing after its colon: a deeper block, a list at the key's own
  // column, or null.
  bool BlockValue(std::size_t column, std::size_t key_line) {
    if (at_ < lines_.size() && lines_[at_].indent > column) {
      const std::size_t deeper = lines_[at_].indent;
      if (IsDash(lines_[at_].text)) return Sequence(deeper);
      if (!SimpleKeyEnd(lines_[at_].text)) return false;  // a scalar on its own lines
      return Mapping(deeper, AddChild(Tree::Kind::kMap, lines_[at_].number));
    }
    if (at_ < lines_.size() && lines_[at_].indent == column && IsDash(lines_[at_].text))
      return Sequence(column);
    AddChild(Tree::Kind::kNull, key_line);
    return true;
  }

  // A value that ends on its line: a plain or quoted scalar or a flow list of them.
  bool InlineValue(std::string_view text, std::size_t line) {
    if (text[0] == '[') return FlowList(text, line);
    std::size_t end = 0;
    std::string_view value;
    bool quoted = false;
    if (!Scalar(text, false, end, value, quoted) || !IsLineTail(text.substr(end))) return false;
    AddScalar(quoted, line, value);
    return true;
  }

  // `[a, 'b', "c"]` on one line; an empty list is `[]`.
  bool FlowList(std::string_view text, std::size_t line) {
    const std::size_t seq = AddChild(Tree::Kind::kSequence, line);
    const std::size_t mark = pending_.size();
    std::size_t i = 1;
    const auto skip_blanks = [&] {
      while (i < text.size() && IsBlank(text[i])) ++i;
    };
    const auto close = [&] {
      tree_.Close(seq, pending_, mark);
      return IsLineTail(text.substr(i + 1));
    };
    skip_blanks();
    if (i < text.size() && text[i] == ']') return close();
    while (true) {
      skip_blanks();
      if (i >= text.size()) return false;
      std::size_t end = 0;
      std::string_view value;
      bool quoted = false;
      if (!Scalar(text.substr(i), true, end, value, quoted)) return false;
      AddScalar(quoted, line, value);
      i += end;
      skip_blanks();
      if (i >= text.size()) return false;
      if (text[i] == ']') return close();
      if (text[i] != ',') return false;
      ++i;
    }
  }

  // One scalar at the start of `text`; `end` is just past it (trailing blanks of a plain
  // scalar are not part of it). `value` is a slice of the text unless a quote was doubled.
  bool Scalar(std::string_view text, bool in_flow, std::size_t& end, std::string_view& value,
              bool& quoted) {
    if (text[0] == '\'' || text[0] == '"') {
      quoted = true;
      const char quote = text[0];
      bool doubled = false;
      for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] == '\\' && quote == '"') return false;  // escapes: left to yaml-cpp
        if (text[i] != quote) continue;
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          doubled = true;
          ++i;
          continue;
        }
        end = i + 1;
        value = text.substr(1, i - 1);
        if (doubled) {
          std::string unquoted;
          for (std::size_t k = 0; k < value.size(); ++k) {
            unquoted += value[k];
            if (value[k] == '\'') ++k;  // '' stands for '
          }
          value = tree_.Own(std::move(unquoted));
        }
        return end == text.size() || IsBlank(text[end]) ||
               (in_flow && (text[end] == ',' || text[end] == ']'));
      }
      return false;  // the quote goes on to another line
    }
    if (!IsPlainStart(text[0])) return false;
    std::size_t i = 0;
    std::size_t last = 0;  // one past the last non-blank character
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (in_flow && IsFlowIndicator(c)) break;
      if (in_flow && c == '?')
        return false;  // yaml-cpp takes `? ` as a key indicator inside a flow
      if (c == '#' && IsBlank(text[i - 1])) break;
      if (c == ':' && (i + 1 == text.size() || IsBlank(text[i + 1]) ||
                       (in_flow && IsFlowIndicator(text[i + 1])))) {
        return false;  // a key where a value was expected
      }
      if (!IsBlank(c)) last = i + 1;
    }
    if (in_flow && i < text.size() && (text[i] == '[' || text[i] == '{' || text[i] == '}'))
      return false;
    end = last;
    value = text.substr(0, last);
    return true;
  }

  std::vector<Line> lines_;  ///< content lines only: blank and comment lines are dropped
  std::size_t at_ = 0;
  Tree tree_;
  std::vector<std::uint32_t> pending_;  ///< children of the collections being read, innermost last
};

// The content lines of `text`, or nullopt when a character is outside printable ASCII (tabs,
// CR, control characters, UTF-8) or a line is a document marker or directive.
std::optional<std::vector<Line>> ContentLines(std::string_view text) {
  std::vector<Line> lines;
  lines.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    ++number;
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    for (const char c : line) {
      if (c < ' ' || c > '~') return std::nullopt;
    }
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (indent == line.size() || line[indent] == '#') continue;
    if (indent == 0 && (line.starts_with("---") || line.starts_with("...") || line[0] == '%'))
      return std::nullopt;
    lines.push_back({number, indent, line.substr(indent)});
  }
  return lines;
}

}  // namespace

std::optional<Tree> ReadPlainBlockTree(std::string_view text) {
  auto lines = ContentLines(text);
  if (!lines) return std::nullopt;
  return Reader(std::move(*lines)).Read();
}

}  // namespace ssomap::awsauth
