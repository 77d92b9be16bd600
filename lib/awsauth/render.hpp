#pragma once
/// Rendering new aws-auth entries as YAML text that cannot be misread or injected into.

#include <string>
#include <string_view>
#include <vector>

namespace ssomap::awsauth {

/// A scalar as YAML: plain when it reads back as the same string in YAML 1.1 and 1.2, else
/// double-quoted with JSON escapes (valid YAML). Newlines, `: `, `#`, leading `{`, `-`, `*`,
/// booleans and numbers are always quoted, so user input can never become structure.
std::string YamlScalar(std::string_view value);

/// How neighbouring entries are indented, so a new entry looks like them.
struct Indentation {
  std::size_t dash_column = 0;     ///< column of the `-` of each entry
  std::size_t content_offset = 2;  ///< from the `-` to the entry's keys
  std::size_t groups_offset = 2;   ///< from `groups:` to the `-` of each group
  std::string eol = "\n";
};

/// The entry's lines, each ending with `indent.eol`.
std::string RenderEntry(std::string_view arn_key, std::string_view arn, std::string_view username,
                        const std::vector<std::string>& groups, const Indentation& indent);

}  // namespace ssomap::awsauth
