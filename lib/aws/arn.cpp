#include "aws/arn.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

constexpr std::array<std::string_view, 8> kPartitions = {
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

// IAM role and user names: 1-64 of [\w+=,.@-] (IAM API reference, RoleName/UserName).
bool IsIamName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_+=,.@-").find(c) != std::string_view::npos;
  });
}

bool IsAccountId(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error Invalid(std::string_view arn, std::string_view why, std::string hint = {}) {
  return Error(fmt::format("invalid ARN {}: {}", text::Quote(arn), why), std::move(hint));
}

// Checks the segments of `resource` after its type, e.g. `path/Name` for `role/path/Name`.
void CheckNameSegments(std::string_view arn, const std::vector<std::string_view>& parts,
                       std::size_t from, std::size_t to) {
  for (std::size_t i = from; i + 1 < to; ++i) {
    if (parts[i].empty()) throw Invalid(arn, "the resource has an empty path segment ('//')");
  }
  if (!IsIamName(parts[to - 1])) {
    throw Invalid(arn,
                  fmt::format("'{}' is not a valid IAM name (1-64 of letters, digits and _+=,.@-)",
                              parts[to - 1]));
  }
}

}  // namespace

std::string Arn::ToString() const {
  return fmt::format("arn:{}:{}:{}:{}:{}", partition, service, region, account, resource);
}

bool IsKnownPartition(std::string_view partition) {
  return std::find(kPartitions.begin(), kPartitions.end(), partition) != kPartitions.end();
}

Arn ParseArn(std::string_view input) {
  auto s = text::Trim(input);
  if (s.empty())
    throw Error("invalid ARN: empty", "pass an ARN such as arn:aws:iam::123456789012:role/Name");
  if (s.substr(0, 4) != "arn:") throw Invalid(s, "it does not start with 'arn:'");
  std::array<std::string_view, 5> f;
  std::string_view rest = s.substr(4);
  for (std::size_t i = 0; i < 4; ++i) {
    auto colon = rest.find(':');
    if (colon == std::string_view::npos)
      throw Invalid(s, "expected arn:partition:service:region:account:resource");
    f[i] = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  f[4] = rest;
  Arn arn{std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3]),
          std::string(f[4])};
  if (!IsKnownPartition(arn.partition)) {
    throw Invalid(
        s, fmt::format("unknown partition '{}' (expected one of aws, aws-cn, aws-us-gov, aws-iso, "
                       "aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)",
                       arn.partition));
  }
  if (arn.service.empty()) throw Invalid(s, "the service is empty");
  if (arn.service != "iam" && arn.service != "sts") {
    throw Invalid(s, fmt::format("service '{}' is not an identity service (expected iam or sts)",
                                 arn.service));
  }
  if (!arn.region.empty()) {
    throw Invalid(s, fmt::format("IAM and STS ARNs have no region, found '{}'", arn.region));
  }
  if (!IsAccountId(arn.account)) {
    throw Invalid(s, fmt::format("account ID '{}' is not 12 digits", arn.account));
  }
  if (arn.resource.empty()) throw Invalid(s, "the resource is empty");
  return arn;
}

std::string_view KindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kRole:
      return "role";
    case PrincipalKind::kUser:
      return "user";
    case PrincipalKind::kRoot:
      return "root";
    case PrincipalKind::kFederatedUser:
      return "federated-user";
  }
  return "unknown";
}

std::optional<std::string> PermissionSetOf(std::string_view role_name) {
  // AWSReservedSSO_<PermissionSetName>_<16 lower-case hex>; the set name (1 to 32 of IAM's
  // [\w+=,.@-]) may itself contain '_', so the suffix is taken from the end.
  constexpr std::string_view kPrefix = "AWSReservedSSO_";
  constexpr std::size_t kSuffix = 17;  // '_' and 16 hex digits
  if (!role_name.starts_with(kPrefix) || role_name.size() < kPrefix.size() + 1 + kSuffix)
    return std::nullopt;
  const std::string_view suffix = role_name.substr(role_name.size() - kSuffix);
  const std::string_view name =
      role_name.substr(kPrefix.size(), role_name.size() - kPrefix.size() - kSuffix);
  const auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  const auto is_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_+=,.@-").find(c) != std::string_view::npos;
  };
  if (suffix[0] != '_' || !std::all_of(suffix.begin() + 1, suffix.end(), is_hex))
    return std::nullopt;
  if (name.size() > 32 || !std::all_of(name.begin(), name.end(), is_name)) return std::nullopt;
  return std::string(name);
}

AwsAuthIdentity AwsAuthForm(std::string_view input) {
  auto text_arn = text::Trim(input);
  Arn arn = ParseArn(text_arn);
  auto parts = text::Split(arn.resource, '/');
  const std::string_view type = parts[0];
  AwsAuthIdentity id{};
  id.partition = arn.partition;
  id.account = arn.account;

  auto make_role = [&](std::size_t first, std::size_t last_exclusive) {
    CheckNameSegments(text_arn, parts, first, last_exclusive);
    id.kind = PrincipalKind::kRole;
    id.role_name = std::string(parts[last_exclusive - 1]);
    for (std::size_t i = first; i + 1 < last_exclusive; ++i)
      id.removed_path += std::string(parts[i]) + "/";
    id.arn = fmt::format("arn:{}:iam::{}:role/{}", arn.partition, arn.account, id.role_name);
    id.permission_set = PermissionSetOf(id.role_name);
  };

  if (arn.service == "sts") {
    if (type == "assumed-role") {
      if (parts.size() < 3)
        throw Invalid(text_arn, "an assumed-role ARN needs assumed-role/<role>/<session>");
      if (parts.back().empty()) throw Invalid(text_arn, "the session name is empty");
      make_role(1, parts.size() - 1);
      id.session_name = std::string(parts.back());
    } else if (type == "federated-user") {
      if (parts.size() != 2 || parts[1].empty())
        throw Invalid(text_arn, "expected federated-user/<name>");
      id.kind = PrincipalKind::kFederatedUser;
      id.arn = std::string(text_arn);
    } else {
      throw Invalid(text_arn, fmt::format("resource type '{}' is not an STS identity "
                                          "(expected assumed-role or federated-user)",
                                          type));
    }
    return id;
  }
  // service iam
  if (type == "role") {
    if (parts.size() < 2) throw Invalid(text_arn, "expected role/<name>");
    make_role(1, parts.size());
  } else if (type == "user") {
    if (parts.size() < 2) throw Invalid(text_arn, "expected user/<name>");
    CheckNameSegments(text_arn, parts, 1, parts.size());
    id.kind = PrincipalKind::kUser;
    id.arn = std::string(text_arn);
  } else if (type == "root") {
    if (parts.size() != 1)
      throw Invalid(text_arn, "a root ARN is arn:<partition>:iam::<account>:root");
    id.kind = PrincipalKind::kRoot;
    id.arn = std::string(text_arn);
  } else {
    throw Invalid(
        text_arn,
        fmt::format("resource type '{}' is not an IAM identity (expected role, user or root)",
                    type));
  }
  return id;
}

}  // namespace ssomap::aws
