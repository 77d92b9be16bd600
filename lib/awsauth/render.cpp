#include "awsauth/render.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace ssomap::awsauth {
namespace {

// Characters a plain scalar may hold anywhere here; everything else forces quotes.
bool PlainChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_./@+=:{}-").find(c) != std::string_view::npos;
}

// Words YAML 1.1 (yaml.v2, used by the authenticator) reads as booleans or null.
bool SpecialWord(std::string_view v) {
  static constexpr std::array<std::string_view, 13> kWords = {
      "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf"};
  const auto lower = text::Lower(v);
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

}  // namespace

std::string YamlScalar(std::string_view v) {
  bool plain = !v.empty() && std::all_of(v.begin(), v.end(), PlainChar) && !SpecialWord(v);
  if (plain) {
    const char first = v.front();
    // Indicators that start structure, and forms YAML would read as numbers or timestamps.
    plain = std::string_view("{}-:@.").find(first) == std::string_view::npos &&
            !(first >= '0' && first <= '9') && v.back() != ':';
  }
  if (plain) return std::string(v);
  // A JSON string literal is a valid YAML double-quoted scalar.
  return nlohmann::json(std::string(v))
      .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

std::string RenderEntry(std::string_view arn_key, std::string_view arn, std::string_view username,
                        const std::vector<std::string>& groups, const Indentation& in) {
  const std::string pad(in.dash_column, ' ');
  const std::string key_pad = pad + std::string(in.content_offset, ' ');
  const std::string dash =
      pad + "-" + std::string(in.content_offset > 0 ? in.content_offset - 1 : 1, ' ');
  std::string out = dash + std::string(arn_key) + ": " + YamlScalar(arn) + in.eol;
  if (!username.empty()) out += key_pad + "username: " + YamlScalar(username) + in.eol;
  if (!groups.empty()) {
    out += key_pad + "groups:" + in.eol;
    const std::string group_pad = key_pad + std::string(in.groups_offset, ' ');
    for (const auto& g : groups) out += group_pad + "- " + YamlScalar(g) + in.eol;
  }
  return out;
}

}  // namespace ssomap::awsauth
