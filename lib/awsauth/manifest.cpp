#include "awsauth/manifest.hpp"

#include <algorithm>
#include <optional>

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "awsauth/layout.hpp"
#include "awsauth/text_encoding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/yaml_bounds.hpp"

namespace ssomap::awsauth {
namespace {

std::vector<std::string> SplitKeepingEnds(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    auto nl = s.find('\n', start);
    auto end = nl == std::string::npos ? s.size() : nl + 1;
    lines.push_back(s.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string_view Content(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

bool IsBlankOrComment(std::string_view line) {
  auto t = text::Trim(Content(line));
  return t.empty() || t.front() == '#';
}

std::size_t Indent(std::string_view line) {
  auto i = Content(line).find_first_not_of(' ');
  return i == std::string_view::npos ? Content(line).size() : i;
}

// Keys and YAML messages can hold line breaks and other control characters; an error is one line.
std::string OneLine(const std::string& message) {
  std::string out;
  for (char c : message) {
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7f ? fmt::format("\\x{:02x}", u) : std::string(1, c);
  }
  return out;
}

Error Bad(const std::string& message) {
  return Error(OneLine(message),
               "pass an aws-auth ConfigMap manifest, e.g. from 'kubectl get cm aws-auth -n "
               "kube-system -o yaml'");
}

// The value text of a literal block as file lines: each line indented by `indent`, blank lines
// empty.
std::vector<std::string> IndentValue(const std::string& value, std::size_t indent,
                                     const std::string& eol) {
  std::vector<std::string> out;
  for (auto line : text::Lines(value)) {
    out.push_back(line.empty() ? eol : std::string(indent, ' ') + std::string(line) + eol);
  }
  return out;
}

std::string ChompHeader(const std::string& value) {
  if (value.empty() || value.back() != '\n') return "|-";
  if (value.size() >= 2 && value[value.size() - 2] == '\n') return "|+";
  return "|";
}

// A `---` line starts a document, as kubectl's YAML reader splits a stream.
bool IsDocumentStart(std::string_view line) {
  return line.starts_with("---") &&
         (line.size() == 3 || std::string_view(" \t\r\n").find(line[3]) != std::string_view::npos);
}

// One document of a stream and the file line it starts on.
struct Document {
  YAML::Node node;
  std::size_t first_line = 0;
};

// The documents of a stream, split at `---` lines and loaded one by one: yaml-cpp 0.7's LoadAll
// can loop forever on some malformed streams (found by fuzz_manifest), while Load stops after
// one document. Marks within a document count from its first line.
std::vector<Document> LoadDocuments(const std::string& text) {
  const auto lines = SplitKeepingEnds(text);
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (IsDocumentStart(lines[i])) starts.push_back(i);
  }
  std::vector<Document> docs;
  for (std::size_t d = 0; d < starts.size(); ++d) {
    const std::size_t end = d + 1 < starts.size() ? starts[d + 1] : lines.size();
    std::string doc;
    for (std::size_t i = starts[d]; i < end; ++i) doc += lines[i];
    yaml_bounds::Check(doc, "aws-auth manifest");  // aliases bounded before any walk
    try {
      docs.push_back({YAML::Load(doc), starts[d]});
    } catch (const YAML::Exception& e) {
      throw Bad(fmt::format("line {}: not valid YAML: {}",
                            static_cast<long>(starts[d]) + e.mark.line + 1, e.msg));
    }
  }
  return docs;
}

// The chomping (as ChompHeader writes it) and the indentation digit of a `key: |…` line.
std::pair<std::string, std::string> BlockIndicators(std::string_view header) {
  const auto bar = header.find('|');
  if (bar == std::string_view::npos) return {"", ""};
  std::string chomp = "|";
  std::string digit;
  for (char c : header.substr(bar + 1, 2)) {
    if (c == '-' || c == '+') chomp += c;
    if (c >= '1' && c <= '9') digit = std::string(1, c);
  }
  return {chomp, digit};
}

}  // namespace

Manifest ParseManifest(std::string text) {
  Manifest m;
  m.text = DecodeAsKubectl(std::move(text));  // a UTF-16 file with a BOM, as kubectl reads it
  // A default YAML::Node is a defined null, so "found" is tracked on its own.
  std::optional<Document> found;
  for (const auto& doc : LoadDocuments(m.text)) {
    const auto& d = doc.node;
    if (d.IsMap() && d["kind"] && d["kind"].IsScalar() && d["kind"].Scalar() == "ConfigMap") {
      if (found) throw Bad("the file holds more than one ConfigMap; pass the aws-auth one alone");
      found = doc;
    }
  }
  if (!found) throw Bad("the file holds no ConfigMap (kind: ConfigMap)");
  const YAML::Node cm = found->node;
  // The file line of a mark in the ConfigMap's document.
  const auto line_of = [&](const YAML::Mark& mark) {
    return found->first_line + static_cast<std::size_t>(std::max(mark.line, 0));
  };
  if (auto md = cm["metadata"]; md && md.IsMap()) {
    if (md["name"] && md["name"].IsScalar()) m.name = md["name"].Scalar();
    if (md["namespace"] && md["namespace"].IsScalar()) m.namespace_ = md["namespace"].Scalar();
  }
  const auto lines = SplitKeepingEnds(m.text);
  for (const auto& kv : cm) {
    if (kv.first.IsScalar() && kv.first.Scalar() == "data") {
      m.has_data = true;
      m.data_line = line_of(kv.first.Mark());
    }
  }
  auto data = cm["data"];
  if (!data || data.IsNull()) return m;
  if (!data.IsMap())
    throw Bad(fmt::format("line {}: data must be a mapping of keys to strings", m.data_line + 1));
  for (const auto& kv : data) {
    const auto key = kv.first.Scalar();
    if (!kv.second.IsScalar() && !kv.second.IsNull()) {
      throw Bad(
          fmt::format("line {}: data.{} must be a string (did you forget the '|' after '{}:'?)",
                      line_of(kv.first.Mark()) + 1, key, key));
    }
    m.data[key] = kv.second.IsNull() ? std::string() : kv.second.Scalar();
    KeyPlace p;
    p.key_line = line_of(kv.first.Mark());
    p.key_column = static_cast<std::size_t>(kv.first.Mark().column);
    m.data_key_column = p.key_column;
    const auto vline = line_of(kv.second.Mark());
    const auto vcol = static_cast<std::size_t>(kv.second.Mark().column);
    p.literal_block =
        vline < lines.size() && vcol < lines[vline].size() && lines[vline][vcol] == '|';
    p.end_line = p.key_line + 1;
    for (std::size_t i = p.key_line + 1; i < lines.size(); ++i) {
      if (!IsBlankOrComment(lines[i]) && Indent(lines[i]) <= p.key_column) break;
      if (!IsBlankOrComment(lines[i]) || p.literal_block) p.end_line = i + 1;
    }
    while (p.end_line > p.key_line + 1 && text::Trim(Content(lines[p.end_line - 1])).empty())
      --p.end_line;
    p.content_line = p.key_line + 1;
    p.content_indent = p.key_column + 2;
    for (std::size_t i = p.key_line + 1; i < p.end_line; ++i) {
      if (!text::Trim(Content(lines[i])).empty()) {
        p.content_indent = Indent(lines[i]);
        break;
      }
    }
    // `|2`: the indentation is the indicator's, and the value's lines may start with spaces.
    if (p.literal_block) {
      for (char c : Content(lines[vline]).substr(vcol + 1, 2)) {
        if (c >= '1' && c <= '9')
          p.content_indent = p.key_column + static_cast<std::size_t>(c - '0');
      }
    }
    m.places[key] = p;
  }
  return m;
}

std::size_t FileLine(const Manifest& manifest, const std::string& key, std::size_t value_line) {
  auto it = manifest.places.find(key);
  if (it == manifest.places.end() || !it->second.literal_block || value_line == 0) return 0;
  return it->second.content_line + value_line;
}

std::string RenderManifest(const Manifest& manifest, const Data& data) {
  auto lines = SplitKeepingEnds(manifest.text);
  const std::string eol = manifest.text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  // A file without a final line break is edited with one and given back without it.
  const bool added_final_eol = !lines.empty() && lines.back().back() != '\n';
  if (added_final_eol) lines.back() += eol;
  // Edit from the bottom up so earlier line numbers stay valid.
  std::vector<std::pair<std::size_t, std::string>> changed;
  for (const auto& [key, value] : data) {
    auto old = manifest.data.find(key);
    if (old != manifest.data.end() && old->second == value) continue;
    changed.emplace_back(
        manifest.places.count(key) ? manifest.places.at(key).key_line : lines.size(), key);
  }
  for (const auto& [key, value] : manifest.data) {
    if (!data.count(key))
      throw Error(fmt::format("removing data key {} is not supported", key), {}, Exit::kRefused);
  }
  std::sort(changed.rbegin(), changed.rend());
  for (const auto& [at, key] : changed) {
    const std::string& value = data.at(key);
    auto place = manifest.places.find(key);
    const auto pos = [&](std::size_t i) { return lines.begin() + static_cast<std::ptrdiff_t>(i); };
    if (place != manifest.places.end() && place->second.literal_block) {
      // Rewrite only the hunk of value lines that differ.
      const auto& p = place->second;
      auto old_lines = IndentValue(manifest.data.at(key), p.content_indent, eol);
      auto new_lines = IndentValue(value, p.content_indent, eol);
      std::size_t prefix = 0, suffix = 0;
      while (prefix < old_lines.size() && prefix < new_lines.size() &&
             old_lines[prefix] == new_lines[prefix])
        ++prefix;
      while (suffix + prefix < old_lines.size() && suffix + prefix < new_lines.size() &&
             old_lines[old_lines.size() - 1 - suffix] == new_lines[new_lines.size() - 1 - suffix]) {
        ++suffix;
      }
      // Map value lines to file lines: content lines are one-to-one with the value's lines.
      const std::size_t first = p.content_line + prefix;
      const std::size_t last = p.content_line + old_lines.size() - suffix;
      lines.erase(pos(first), pos(std::min(last, lines.size())));
      lines.insert(pos(first), new_lines.begin() + static_cast<std::ptrdiff_t>(prefix),
                   new_lines.end() - static_cast<std::ptrdiff_t>(suffix));
      // An empty value reads the same under any header; a changed ending needs a header that
      // gives it, unless the one written already does (an emptied `|` gaining lines).
      auto& header = lines[p.key_line];
      const auto [chomp, indent_digit] = BlockIndicators(header);
      if (!value.empty() && ChompHeader(value) != ChompHeader(manifest.data.at(key)) &&
          ChompHeader(value) != chomp) {
        header =
            std::string(p.key_column, ' ') + key + ": " + ChompHeader(value) + indent_digit + eol;
      }
      continue;
    }
    const std::size_t column =
        place != manifest.places.end() ? place->second.key_column : manifest.data_key_column;
    std::vector<std::string> block = {std::string(column, ' ') + key + ": " + ChompHeader(value) +
                                      eol};
    auto body = IndentValue(value, column + 2, eol);
    block.insert(block.end(), body.begin(), body.end());
    if (place != manifest.places.end()) {
      lines.erase(pos(place->second.key_line), pos(place->second.end_line));
      lines.insert(pos(place->second.key_line), block.begin(), block.end());
    } else if (manifest.has_data && manifest.data.empty() &&
               text::Trim(Content(lines[manifest.data_line])) != "data:") {
      // `data: {}` or `data:` with a comment: replace that line with a block mapping.
      lines[manifest.data_line] =
          std::string(Indent(lines[manifest.data_line]), ' ') + "data:" + eol;
      lines.insert(pos(manifest.data_line + 1), block.begin(), block.end());
    } else if (manifest.has_data) {
      std::size_t end = manifest.data_line + 1;
      for (const auto& [k, p] : manifest.places) end = std::max(end, p.end_line);
      lines.insert(pos(end), block.begin(), block.end());
    } else {
      lines.push_back("data:" + eol);
      lines.insert(lines.end(), block.begin(), block.end());
    }
  }
  std::string out = JoinLines(lines);
  if (added_final_eol && out.ends_with(eol)) out.resize(out.size() - eol.size());
  // Refusals name the first key edited and its line in the file as it was.
  std::string where = "data";
  if (!changed.empty()) {
    const auto& key = changed.back().second;
    auto place = manifest.places.find(key);
    where = place == manifest.places.end()
                ? fmt::format("data.{} (new)", key)
                : fmt::format("data.{} (line {})", key, place->second.key_line + 1);
  }
  Data check;
  try {
    check = ParseManifest(out).data;
  } catch (const Error& e) {
    throw Error(fmt::format("{}: the edited manifest would not parse ({}); nothing was written",
                            where, e.what()),
                "edit this manifest by hand (its layout is unusual), or report it", Exit::kRefused);
  }
  if (check != data) {
    throw Error(
        fmt::format(
            "{}: the edited manifest would not hold exactly the intended data; nothing was written",
            where),
        "edit this manifest by hand (its layout is unusual), or report it", Exit::kRefused);
  }
  return out;
}

}  // namespace ssomap::awsauth
