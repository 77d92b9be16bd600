// The INI dialect of the AWS config files: Python's RawConfigParser (strict, default prefixes)
// plus botocore's nested `key =` blocks.
#include <fmt/format.h>

#include <set>

#include "aws/config_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

// RawConfigParser's default full-line comment prefixes; inline comments are not stripped.
// Messages name the file and line, never the line's content: a malformed line may hold a secret
// (`aws_secret_access_key SECRET` with the `=` forgotten), and the AWS CLI names only the file.
constexpr std::string_view kCommentPrefixes = "#;";

std::size_t IndentOf(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

[[noreturn]] void Fail(std::string_view file, int line, const std::string& what) {
  throw Error(
      fmt::format("{}:{}: {}", file, line, what),
      fmt::format("fix line {} of {} (sections are [name], settings are key = value)", line, file));
}

// A key or section name as a message may name it: a plain name as written, anything else (a
// line whose `=` was forgotten before a value holding one, control bytes) by its line only.
// Section names may hold spaces (`profile dev`), keys may not.
bool Plain(std::string_view name, bool spaces) {
  return !name.empty() && name.size() <= 64 &&
         name.find_first_not_of(spaces ? std::string_view("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
                                                          "MNOPQRSTUVWXYZ0123456789_-./@: ")
                                       : std::string_view("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
                                                          "MNOPQRSTUVWXYZ0123456789_-./@:")) ==
             std::string_view::npos;
}
std::string KeyNamed(std::string_view key, int line) {
  return Plain(key, false) ? fmt::format("key `{}`", key) : fmt::format("the key on line {}", line);
}
std::string SectionNamed(std::string_view name, int line) {
  return Plain(name, true) ? fmt::format("section [{}]", name)
                           : fmt::format("the section on line {}", line);
}

// botocore `_parse_nested`: one `key = value` per non-empty line of a value that starts on the
// line after its key.
std::map<std::string, std::string> ParseNested(std::string_view value, std::string_view file,
                                               int line, std::string_view key) {
  std::map<std::string, std::string> out;
  for (auto raw : text::Lines(value)) {
    auto piece = text::Trim(raw);
    if (piece.empty()) continue;
    auto eq = piece.find('=');
    if (eq == std::string_view::npos) {
      Fail(file, line,
           fmt::format("a nested setting under {} is not key = value", KeyNamed(key, line)));
    }
    out[std::string(text::Trim(piece.substr(0, eq)))] =
        std::string(text::Trim(piece.substr(eq + 1)));
  }
  return out;
}

struct Pending {
  std::string key;
  int line = 0;
  std::vector<std::string> parts;
};

void Finish(Section& section, Pending& pending, std::string_view file) {
  if (pending.key.empty()) return;
  std::string value = text::Join(pending.parts, "\n");
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  if (!value.empty() && value.front() == '\n') {
    section.nested[pending.key] = ParseNested(value, file, pending.line, pending.key);
  }
  section.values[pending.key] = value;
  pending = {};
}

}  // namespace

std::vector<Section> ParseIni(std::string_view input, std::string_view file) {
  std::vector<Section> sections;
  std::set<std::string> names;
  Pending pending;
  std::size_t key_indent = 0;
  int number = 0;
  for (auto line : text::Lines(input)) {
    ++number;
    auto value = text::Trim(line);
    if (!value.empty() && kCommentPrefixes.find(value.front()) != std::string_view::npos) continue;
    if (value.empty()) {
      if (!pending.key.empty()) pending.parts.emplace_back();
      continue;
    }
    auto indent = IndentOf(line);
    if (!pending.key.empty() && indent > key_indent) {
      pending.parts.emplace_back(value);
      continue;
    }
    key_indent = indent;
    if (!sections.empty()) Finish(sections.back(), pending, file);
    if (value.front() == '[' && value.rfind(']') != std::string_view::npos &&
        value.rfind(']') > 1) {
      std::string name(value.substr(1, value.rfind(']') - 1));
      if (!names.insert(name).second)
        Fail(file, number, fmt::format("{} appears twice", SectionNamed(name, number)));
      sections.push_back(Section{name, std::string(file), number, {}, {}});
      continue;
    }
    if (sections.empty()) {
      Fail(file, number, "a setting before any [section]");
    }
    auto delim = value.find_first_of("=:");
    if (delim == std::string_view::npos || text::Trim(value.substr(0, delim)).empty()) {
      Fail(file, number, "the line is neither a [section] header nor key = value");
    }
    auto key = text::Lower(text::Trim(value.substr(0, delim)));
    if (sections.back().values.count(key) != 0) {
      Fail(file, number,
           fmt::format("{} is set twice in {}", KeyNamed(key, number),
                       SectionNamed(sections.back().name, sections.back().line)));
    }
    sections.back().values[key] = "";  // reserve, so a repeat is caught
    pending = Pending{key, number, {std::string(text::Trim(value.substr(delim + 1)))}};
  }
  if (!sections.empty()) Finish(sections.back(), pending, file);
  return sections;
}

std::string Section::Get(std::string_view key) const {
  auto it = values.find(std::string(key));
  return it == values.end() ? std::string() : it->second;
}

}  // namespace ssomap::aws
