// IamClient over a recording fake transport: GetRole and ListRoles on the wire (query protocol,
// signed for the partition's IAM region), Marker paging, XML replies as the sandbox and AWS send
// them, errors; and the permission-set lookup by exact name.
#include <doctest/doctest.h>

#include <string>

#include "aws/endpoints.hpp"
#include "aws/iam.hpp"
#include "aws/permission_set.hpp"
#include "aws/service_error.hpp"
#include "core/error.hpp"
#include "fake_transport.hpp"

using namespace ssomap;

namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1700000000);
const aws::Credentials kKeys{"AKIDEXAMPLE", "secret", "", std::nullopt, "env"};

aws::IamClient Client(testing::FakeTransport& fake,
                      std::string endpoint = "https://iam.amazonaws.com") {
  return aws::IamClient(fake, std::move(endpoint), "us-east-1", [] { return kNow; });
}

std::string Member(const std::string& name, const std::string& path,
                   const std::string& account = "123456789999") {
  return "<member><Path>" + path + "</Path><RoleName>" + name + "</RoleName><RoleId>AROA" + name +
         "</RoleId><Arn>arn:aws:iam::" + account + ":role" + path + name +
         "</Arn><CreateDate>2024-03-04T05:06:07Z</CreateDate></member>";
}

std::string RolesPage(const std::string& members, const std::string& marker = {}) {
  std::string more = marker.empty()
                         ? "<IsTruncated>false</IsTruncated>"
                         : "<IsTruncated>true</IsTruncated><Marker>" + marker + "</Marker>";
  return R"(<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult>)"
         "<Roles>" +
         members + "</Roles>" + more +
         "</ListRolesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
         "</ListRolesResponse>";
}

const std::string kSsoPath = "/aws-reserved/sso.amazonaws.com/us-east-2/";

}  // namespace

TEST_CASE("GetRole: signed POST form for iam in us-east-1; the ARN keeps its path") {
  testing::FakeTransport fake;
  fake.Reply(200, R"(<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetRoleResult>
    <Role>
      <Path>/aws-reserved/sso.amazonaws.com/us-east-2/</Path>
      <AssumeRolePolicyDocument>%7B%22Version%22%7D</AssumeRolePolicyDocument>
      <RoleId>AROAEXAMPLE</RoleId>
      <RoleName>AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7</RoleName>
      <Arn>arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7</Arn>
    </Role>
  </GetRoleResult>
</GetRoleResponse>)");
  auto role = Client(fake).GetRole(kKeys, "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7");
  CHECK(role.path == kSsoPath);
  CHECK(role.arn ==
        "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
        "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7");
  const auto& r = fake.requests.at(0);
  CHECK(r.method == "POST");
  CHECK(r.url == "https://iam.amazonaws.com/");
  CHECK(r.body ==
        "Action=GetRole&Version=2010-05-08&RoleName="
        "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7");
  CHECK_FALSE(r.follow_redirects);
  CHECK(fake.HeaderOf(0, "Authorization").find("/us-east-1/iam/aws4_request") != std::string::npos);
}

TEST_CASE("GetRole errors: NoSuchEntity and AccessDenied carry their code, exit and fix") {
  testing::FakeTransport fake;
  fake.Reply(404, R"(<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error>
<Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name X cannot be found.</Message>
</Error><RequestId>r</RequestId></ErrorResponse>)");
  fake.Reply(403, R"(<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: a is not
authorized to perform: iam:GetRole</Message></Error></ErrorResponse>)");
  try {
    Client(fake).GetRole(kKeys, "X");
    FAIL("no error");
  } catch (const aws::ServiceError& e) {
    CHECK(e.code() == "NoSuchEntity");
    CHECK(std::string(e.what()) ==
          "IAM GetRole: NoSuchEntity: The role with name X cannot be found.");
    CHECK(e.exit() == Exit::kError);
    CHECK(e.hint().find("--arn") != std::string::npos);
  }
  try {
    Client(fake).GetRole(kKeys, "X");
    FAIL("no error");
  } catch (const aws::ServiceError& e) {
    CHECK(e.code() == "AccessDenied");
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    CHECK(e.exit() == Exit::kAuth);
  }
  fake.Reply(200, "not xml");
  CHECK_THROWS_WITH_AS(Client(fake).GetRole(kKeys, "X"),
                       doctest::Contains("IAM GetRole: malformed reply (not XML"), Error);
}

TEST_CASE("ListRoles: PathPrefix, then Marker while IsTruncated; a repeated Marker stops") {
  testing::FakeTransport fake;
  fake.Reply(200, RolesPage(Member("AWSReservedSSO_A_0123456789abcdef", kSsoPath), "m/1=="));
  fake.Reply(200, RolesPage(Member("AWSReservedSSO_B_0123456789abcdef", kSsoPath)));
  auto roles = Client(fake).ListRoles(kKeys, std::string(aws::kSsoRolePathPrefix));
  REQUIRE(roles.size() == 2);
  CHECK(roles[1].role_name == "AWSReservedSSO_B_0123456789abcdef");
  CHECK(fake.requests[0].body ==
        "Action=ListRoles&Version=2010-05-08&PathPrefix=%2Faws-reserved%2Fsso.amazonaws.com%2F");
  CHECK(fake.requests[1].body ==
        "Action=ListRoles&Version=2010-05-08&PathPrefix=%2Faws-reserved%2Fsso.amazonaws.com%2F&"
        "Marker=m%2F1%3D%3D");

  testing::FakeTransport loop([](const net::Request&) {
    return net::Response{200, {}, RolesPage("", "again")};
  });
  CHECK_THROWS_WITH_AS(Client(loop).ListRoles(kKeys, "/"),
                       "IAM ListRoles: the server repeated its Marker", Error);
  CHECK(loop.requests.size() == 2);
}

TEST_CASE("IAM endpoints: one per partition, AWS_ENDPOINT_URL_IAM and http:// honoured") {
  CHECK(aws::DefaultEndpoint(aws::Service::kIam, "eu-west-1").url == "https://iam.amazonaws.com");
  CHECK(aws::DefaultEndpoint(aws::Service::kIam, "cn-northwest-1").url ==
        "https://iam.cn-north-1.amazonaws.com.cn");
  CHECK(aws::DefaultEndpoint(aws::Service::kIam, "us-gov-east-1").signing_region ==
        "us-gov-west-1");
  testing::FakeTransport fake;
  fake.Reply(200, RolesPage(""));
  Client(fake, "http://127.0.0.1:4566").ListRoles(kKeys, "/");
  CHECK(fake.requests[0].url == "http://127.0.0.1:4566/");
}

TEST_CASE("permission set by name: exact, never a prefix; none or several list what exists") {
  const std::vector<aws::IamRole> roles = {
      {"AWSReservedSSO_Admin_0123456789abcdef", kSsoPath,
       "arn:aws:iam::111111111111:role" + kSsoPath + "AWSReservedSSO_Admin_0123456789abcdef", ""},
      {"AWSReservedSSO_AdminPlus_1123456789abcdef", kSsoPath,
       "arn:aws:iam::111111111111:role" + kSsoPath + "AWSReservedSSO_AdminPlus_1123456789abcdef",
       ""},
      {"AWSReservedSSO_Admin_Team_2123456789abcdef", kSsoPath,
       "arn:aws:iam::111111111111:role" + kSsoPath + "AWSReservedSSO_Admin_Team_2123456789abcdef",
       ""},
      {"AWSReservedSSO_View_3123456789abcdef", "/aws-reserved/sso.amazonaws.com/",
       "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/"
       "AWSReservedSSO_View_3123456789abcdef",
       ""},
      {"AWSReservedSSO_View_4123456789abcdef", kSsoPath,
       "arn:aws:iam::222222222222:role" + kSsoPath + "AWSReservedSSO_View_4123456789abcdef", ""},
      {"AWSReservedSSO_Fake_5123456789abcdef", "/", "arn:aws:iam::111111111111:role/x", ""},
  };
  CHECK(aws::FindPermissionSetRole(roles, "Admin", "").role_name ==
        "AWSReservedSSO_Admin_0123456789abcdef");
  CHECK(aws::FindPermissionSetRole(roles, "Admin_Team", "").role_name ==
        "AWSReservedSSO_Admin_Team_2123456789abcdef");
  // us-east-1 Identity Center roles have no region segment in their path.
  CHECK(aws::FindPermissionSetRole(roles, "View", "111111111111").path ==
        "/aws-reserved/sso.amazonaws.com/");
  CHECK_THROWS_WITH_AS(aws::FindPermissionSetRole(roles, "View", ""),
                       doctest::Contains("permission set 'View' matches 2 roles"), Error);
  CHECK_THROWS_WITH_AS(aws::FindPermissionSetRole(roles, "admin", ""),
                       "no IAM Identity Center role for permission set 'admin'; permission sets "
                       "provisioned there: Admin, AdminPlus, Admin_Team, View",
                       Error);
  CHECK_THROWS_WITH_AS(aws::FindPermissionSetRole(roles, "Fake", "111111111111"),
                       doctest::Contains("in account 111111111111"), Error);
}
