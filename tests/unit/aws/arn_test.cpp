#include <doctest/doctest.h>

#include <string>

#include "aws/arn.hpp"
#include "core/error.hpp"

using namespace ssomap;
using aws::PrincipalKind;

namespace {
struct FormCase {
  std::string input;
  std::string arn;
  PrincipalKind kind;
  std::string permission_set;  // empty = none
  std::string removed_path;
};
}  // namespace

TEST_CASE("AwsAuthForm: the form aws-iam-authenticator compares, path removed") {
  const FormCase cases[] = {
      // The seed case: the IAM console's path-ful SSO role ARN.
      {"arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
       "AWSReservedSSO_ViewOnlyAccess_05a3861234567890",
       "arn:aws:iam::123456789999:role/AWSReservedSSO_ViewOnlyAccess_05a3861234567890",
       PrincipalKind::kRole, "ViewOnlyAccess", "aws-reserved/sso.amazonaws.com/us-east-2/"},
      // us-east-1 SSO roles have no region segment.
      {"arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/"
       "AWSReservedSSO_Admin_0123456789abcdef",
       "arn:aws:iam::123456789999:role/AWSReservedSSO_Admin_0123456789abcdef", PrincipalKind::kRole,
       "Admin", "aws-reserved/sso.amazonaws.com/"},
      // STS assumed-role → IAM role (service, region and session dropped).
      {"arn:aws:sts::123456789999:assumed-role/AWSReservedSSO_Data_Eng_Team_0123456789abcdef/"
       "jane@example.com",
       "arn:aws:iam::123456789999:role/AWSReservedSSO_Data_Eng_Team_0123456789abcdef",
       PrincipalKind::kRole, "Data_Eng_Team", ""},
      {"arn:aws-cn:sts::123456789012:assumed-role/Admin/session",
       "arn:aws-cn:iam::123456789012:role/Admin", PrincipalKind::kRole, "", ""},
      {"arn:aws-us-gov:iam::123456789012:role/ops/Deploy",
       "arn:aws-us-gov:iam::123456789012:role/Deploy", PrincipalKind::kRole, "", "ops/"},
      {"arn:aws:iam::123456789012:role/Plain", "arn:aws:iam::123456789012:role/Plain",
       PrincipalKind::kRole, "", ""},
      {"  arn:aws-eusc:iam::123456789012:role/R \n", "arn:aws-eusc:iam::123456789012:role/R",
       PrincipalKind::kRole, "", ""},
      // Users, root and federated users are kept as they are, paths included.
      {"arn:aws:iam::123456789012:user/division/alice",
       "arn:aws:iam::123456789012:user/division/alice", PrincipalKind::kUser, "", ""},
      {"arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:root", PrincipalKind::kRoot, "",
       ""},
      {"arn:aws-iso-b:sts::123456789012:federated-user/bob",
       "arn:aws-iso-b:sts::123456789012:federated-user/bob", PrincipalKind::kFederatedUser, "", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    auto id = aws::AwsAuthForm(c.input);
    CHECK(id.arn == c.arn);
    CHECK(id.kind == c.kind);
    CHECK(id.permission_set.value_or("") == c.permission_set);
    CHECK(id.removed_path == c.removed_path);
  }
}

TEST_CASE("AwsAuthForm keeps the session name and account") {
  auto id = aws::AwsAuthForm("arn:aws:sts::123456789999:assumed-role/R/alice");
  CHECK(id.session_name.value_or("") == "alice");
  CHECK(id.account == "123456789999");
  CHECK(id.partition == "aws");
  CHECK(id.role_name == "R");
}

TEST_CASE("AwsAuthForm rejects what is not an identity ARN, naming the wrong part") {
  struct Bad {
    std::string input;
    std::string names;
  };
  const Bad cases[] = {
      {"", "empty"},
      {"aws:iam::123456789012:role/R", "does not start with 'arn:'"},
      {"arn:aws:iam::123456789012", "expected arn:partition"},
      {"arn:aws-xx:iam::123456789012:role/R", "unknown partition 'aws-xx'"},
      {"arn:aws:s3:::bucket", "service 's3'"},
      {"arn:aws:iam:us-east-1:123456789012:role/R", "no region"},
      {"arn:aws:iam::12345678901:role/R", "account ID '12345678901' is not 12 digits"},
      {"arn:aws:iam::12345678901a:role/R", "not 12 digits"},
      {"arn:aws:iam::123456789012:group/devs", "resource type 'group'"},
      {"arn:aws:iam::123456789012:", "resource is empty"},
      {"arn:aws:iam::123456789012:role/", "not a valid IAM name"},
      {"arn:aws:iam::123456789012:role/a//b", "empty path segment"},
      {"arn:aws:iam::123456789012:role/bad name", "not a valid IAM name"},
      {"arn:aws:sts::123456789012:assumed-role/Admin", "assumed-role/<role>/<session>"},
      {"arn:aws:sts::123456789012:assumed-role/Admin/", "session name is empty"},
      {"arn:aws:sts::123456789012:user/x", "resource type 'user' is not an STS identity"},
      {"arn:aws:iam::123456789012:root/x", "a root ARN"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    try {
      aws::AwsAuthForm(c.input);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(c.names) != std::string::npos);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("PermissionSetOf reads AWSReservedSSO_<name>_<16 hex>") {
  CHECK(aws::PermissionSetOf("AWSReservedSSO_ViewOnlyAccess_05a3861234567890").value_or("") ==
        "ViewOnlyAccess");
  CHECK(aws::PermissionSetOf("AWSReservedSSO_a_b_c_0123456789abcdef").value_or("") == "a_b_c");
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_Admin_0123").has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO__0123456789abcdef").has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_Admin_0123456789ABCDEF").has_value());
  CHECK_FALSE(aws::PermissionSetOf("MyRole").has_value());
  // IAM's name characters, 1 to 32 of them; nothing else around the parts.
  CHECK(aws::PermissionSetOf("AWSReservedSSO_a+b=c,d.e@f-g_0123456789abcdef").value_or("") ==
        "a+b=c,d.e@f-g");
  CHECK(aws::PermissionSetOf("AWSReservedSSO_" + std::string(32, 'x') + "_0123456789abcdef")
            .has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_" + std::string(33, 'x') + "_0123456789abcdef")
                  .has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_Ad min_0123456789abcdef").has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_Admin-0123456789abcdef").has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_Admin_0123456789abcdeg").has_value());
  CHECK_FALSE(aws::PermissionSetOf("AWSReservedSSO_Admin_0123456789abcdef0").value_or("") ==
              "Admin");
  CHECK_FALSE(aws::PermissionSetOf("xAWSReservedSSO_Admin_0123456789abcdef").has_value());
}

TEST_CASE("all eight partitions are known") {
  for (const char* p : {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
                        "aws-iso-f", "aws-eusc"}) {
    CHECK(aws::IsKnownPartition(p));
  }
  CHECK_FALSE(aws::IsKnownPartition("aws-iso-z"));
}
