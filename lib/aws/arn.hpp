#pragma once
/// ARNs of AWS identities and the form aws-iam-authenticator compares against aws-auth.

#include <optional>
#include <string>
#include <string_view>

namespace ssomap::aws {

/// The parts of `arn:partition:service:region:account:resource`.
struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  ///< everything after the fifth colon, e.g. `role/path/Name`

  std::string ToString() const;
};

/// Parses an ARN of an IAM or STS identity (surrounding whitespace ignored).
/// Throws ssomap::Error naming the wrong part: prefix, partition, service, region, account.
Arn ParseArn(std::string_view text);

/// The partitions aws-iam-authenticator recognizes (pkg/endpoints/partitions.go).
bool IsKnownPartition(std::string_view partition);

/// What kind of principal an identity's aws-auth form is.
enum class PrincipalKind { kRole, kUser, kRoot, kFederatedUser };
std::string_view KindName(PrincipalKind kind);

/// An identity as aws-auth sees it.
struct AwsAuthIdentity {
  std::string arn;  ///< the form to write in aws-auth (`rolearn`/`userarn`)
  PrincipalKind kind;
  std::string partition;
  std::string account;
  std::string role_name;                      ///< for roles: the name without path
  std::optional<std::string> session_name;    ///< for assumed-role input
  std::optional<std::string> permission_set;  ///< for `AWSReservedSSO_<set>_<hex>` roles
  std::string removed_path;                   ///< the IAM path dropped from a role ARN, e.g.
                                              ///< `aws-reserved/sso.amazonaws.com/us-east-2/`
};

/// The aws-auth form of an identity ARN, as aws-iam-authenticator computes it (Canonicalize),
/// plus the path strip the ConfigMap mapper needs: an assumed-role ARN becomes its IAM role ARN,
/// an IAM role ARN loses its path; user, root and federated-user ARNs are kept. Throws on other
/// services and resource types.
AwsAuthIdentity AwsAuthForm(std::string_view arn);

/// The permission-set name of an IAM Identity Center role `AWSReservedSSO_<name>_<16 hex>`.
std::optional<std::string> PermissionSetOf(std::string_view role_name);

}  // namespace ssomap::aws
