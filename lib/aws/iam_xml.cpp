// IAM's XML replies, read with pugixml.
#include <fmt/format.h>
#include <pugixml.hpp>

#include "aws/iam.hpp"
#include "core/error.hpp"

namespace ssomap::aws::iam_xml {
namespace {

[[noreturn]] void Malformed(std::string_view operation, std::string_view what) {
  throw Error(fmt::format("IAM {}: malformed reply ({})", operation, what));
}

pugi::xml_document Parse(std::string_view body, std::string_view operation) {
  pugi::xml_document doc;
  auto result = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) Malformed(operation, fmt::format("not XML: {}", result.description()));
  return doc;
}

/// `<Op>Response/<Op>Result`.
pugi::xml_node ResultOf(const pugi::xml_document& doc, std::string_view operation) {
  const std::string response = fmt::format("{}Response", operation);
  const std::string result = fmt::format("{}Result", operation);
  auto node = doc.child(response.c_str()).child(result.c_str());
  if (!node) Malformed(operation, fmt::format("no {}", result));
  return node;
}

IamRole RoleFrom(const pugi::xml_node& node, std::string_view operation) {
  IamRole role;
  role.role_name = node.child_value("RoleName");
  role.path = node.child_value("Path");
  role.arn = node.child_value("Arn");
  role.role_id = node.child_value("RoleId");
  if (role.role_name.empty() || role.arn.empty())
    Malformed(operation, "a role without name or Arn");
  return role;
}

}  // namespace

IamRole GetRoleReply(std::string_view body) {
  auto doc = Parse(body, "GetRole");
  auto role = ResultOf(doc, "GetRole").child("Role");
  if (!role) Malformed("GetRole", "no Role");
  return RoleFrom(role, "GetRole");
}

RolesPage ListRolesReply(std::string_view body) {
  auto doc = Parse(body, "ListRoles");
  auto result = ResultOf(doc, "ListRoles");
  RolesPage page;
  for (auto member : result.child("Roles").children("member"))
    page.roles.push_back(RoleFrom(member, "ListRoles"));
  if (std::string_view(result.child_value("IsTruncated")) == "true") {
    page.marker = result.child_value("Marker");
    if (page.marker.empty()) Malformed("ListRoles", "IsTruncated without a Marker");
  }
  return page;
}

QueryError ErrorReply(std::string_view body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return {};
  auto error = doc.child("ErrorResponse").child("Error");
  return {error.child_value("Code"), error.child_value("Message")};
}

}  // namespace ssomap::aws::iam_xml
