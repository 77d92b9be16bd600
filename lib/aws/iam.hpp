#pragma once
/// AWS IAM over the query protocol (version 2010-05-08, signing name `iam`), signed with SigV4:
/// GetRole and ListRoles, the two calls that give a role ARN with its IAM path. Replies are XML
/// (read with pugixml), as botocore reads them.

#include <chrono>
#include <string>
#include <vector>

#include "aws/credentials.hpp"
#include "aws/service_call.hpp"
#include "core/clock.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// An IAM role, the parts we use.
struct IamRole {
  std::string role_name;  ///< e.g. AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7
  std::string path;       ///< e.g. /aws-reserved/sso.amazonaws.com/us-east-2/
  std::string arn;        ///< with the path: arn:aws:iam::ACCOUNT:role/PATH/NAME
  std::string role_id;    ///< AROA…
};

/// One IAM endpoint (global per partition: aws::DefaultEndpoint(Service::kIam, region)).
/// Calls throw aws::ServiceError for an error reply, with IAM's code (NoSuchEntity,
/// AccessDenied, …) and the fix; AccessDenied and rejected credentials exit with Exit::kAuth.
/// A reply that is not the expected XML throws ssomap::Error "IAM <Op>: malformed reply".
class IamClient {
 public:
  /// `endpoint`: base URL (https://iam.amazonaws.com, or http:// as the AWS CLI allows);
  /// `signing_region`: us-east-1 for `aws`, cn-north-1, us-gov-west-1, … (the endpoint's).
  IamClient(net::Transport& transport, std::string endpoint, std::string signing_region,
            Clock clock, std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  /// Pages ListRoles follows before giving up.
  static constexpr int kMaxPages = 1000;

  /// The role named `role_name` in the credentials' own account (IAM answers only there).
  IamRole GetRole(const Credentials& credentials, const std::string& role_name);

  /// Every role whose path starts with `path_prefix` (e.g. /aws-reserved/sso.amazonaws.com/),
  /// following `Marker` while `IsTruncated` is true.
  std::vector<IamRole> ListRoles(const Credentials& credentials, const std::string& path_prefix);

 private:
  ServiceCall call_;
};

/// The reply parsers, pure, exposed for tests.
namespace iam_xml {

/// The role of a GetRole reply body.
IamRole GetRoleReply(std::string_view body);

/// One ListRoles page: its roles, and the marker of the next page (empty when the page is the
/// last one: `IsTruncated` false or absent).
struct RolesPage {
  std::vector<IamRole> roles;
  std::string marker;
};
RolesPage ListRolesReply(std::string_view body);

/// The Code and Message of an `<ErrorResponse>` (empty when the body holds none).
struct QueryError {
  std::string code;
  std::string message;
};
QueryError ErrorReply(std::string_view body);

}  // namespace iam_xml

}  // namespace ssomap::aws
