#include "awsauth/block_rewrite.hpp"

#include <vector>

#include "awsauth/layout.hpp"
#include "awsauth/parse.hpp"
#include "awsauth/render.hpp"
#include "core/error.hpp"

namespace ssomap::awsauth {

std::optional<std::string> BlockRewrite(const AwsAuth& parsed, Source source) {
  std::string out;
  for (const auto& m : parsed.List(source)) {
    if (!m.invalid.empty() || !m.ignored.empty()) return std::nullopt;
    std::vector<std::string> lines;
    if (!m.arn.empty()) {
      lines.push_back(std::string(source == Source::kRoles ? "rolearn" : "userarn") + ": " +
                      YamlScalar(m.arn));
    }
    if (m.sso) {
      lines.push_back("sso:");
      lines.push_back("  permissionSetName: " + YamlScalar(m.sso->permission_set_name));
      lines.push_back("  accountID: " + YamlScalar(m.sso->account_id));
      if (!m.sso->partition.empty())
        lines.push_back("  partition: " + YamlScalar(m.sso->partition));
    }
    if (!m.username.empty()) lines.push_back("username: " + YamlScalar(m.username));
    if (!m.groups.empty()) {
      lines.push_back("groups:");
      for (const auto& g : m.groups) lines.push_back("  - " + YamlScalar(g));
    }
    if (!m.userid.empty()) lines.push_back("userid: " + YamlScalar(m.userid));
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i == 0 ? "- " : "  ") + lines[i] + "\n";
  }
  return out;
}

bool IsFlowList(std::string_view value) {
  const auto first = value.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && value[first] == '[';
}

bool RewritesInBlockStyle(const Data& data, const AwsAuth& parsed, Source source) {
  const std::string key = SourceKey(source);
  auto it = data.find(key);
  if (it == data.end() || IsSkippable(it->second) || !IsFlowList(it->second)) return false;
  for (const auto& e : parsed.errors) {
    if (e.key == key) return false;
  }
  try {
    (void)Layout(key, it->second, parsed.List(source).size());
    return false;
  } catch (const Error&) {
    return BlockRewrite(parsed, source).has_value();
  }
}

}  // namespace ssomap::awsauth
