#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "aws/fakes.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "ops/whoami.hpp"

using namespace ssomap;
using ssomap::testing::FakeProcessRunner;
using ssomap::testing::FakeTransport;
using ssomap::testing::TempDir;

namespace {

constexpr std::string_view kArn =
    "arn:aws:sts::123456789999:assumed-role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7/"
    "alice@example.com";

std::string Json() {
  return std::string(
             R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789999","Arn":")") +
         std::string(kArn) +
         R"(","UserId":"AROAEXAMPLE:alice@example.com"},"ResponseMetadata":{"RequestId":"r"}}})";
}

std::string Xml() {
  return "<GetCallerIdentityResponse "
         "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
         "<Arn>" +
         std::string(kArn) +
         "</Arn><UserId>AROAEXAMPLE:alice@example.com</UserId>"
         "<Account>123456789999</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</"
         "RequestId>"
         "</ResponseMetadata></GetCallerIdentityResponse>";
}

}  // namespace

TEST_CASE("Whoami: env credentials, the regional STS endpoint, the CA bundle, the aws-auth form") {
  TempDir home;
  FakeEnvironment env({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                       {"AWS_SECRET_ACCESS_KEY", "secret"},
                       {"AWS_REGION", "eu-west-1"},
                       {"AWS_CA_BUNDLE", "/etc/sandbox-ca.pem"},
                       {"AWS_EC2_METADATA_DISABLED", "true"}},
                      home.path().string());
  FakeTransport http;
  http.handler = [](const net::Request& r) {
    bool json = false;
    for (const auto& [k, v] : r.headers) json = json || (k == "Accept" && v == "application/json");
    return net::Response{200, {}, json ? Json() : Xml()};
  };
  FakeProcessRunner processes;
  ops::WhoamiSeams seams{env, http, processes, SystemClock(), nullptr};
  auto result = ops::Whoami({"", "", std::chrono::milliseconds(2500)}, seams);
  CHECK(result.arn == kArn);
  CHECK(result.account == "123456789999");
  CHECK(result.aws_auth_arn ==
        "arn:aws:iam::123456789999:role/AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7");
  CHECK(result.permission_set == "AdministratorAccess");
  CHECK(result.session_name == "alice@example.com");
  CHECK(result.profile == "default");
  CHECK(result.credential_source == "env");
  REQUIRE(http.requests.size() == 1);
  CHECK(http.requests[0].url.rfind("https://sts.eu-west-1.amazonaws.com", 0) == 0);
  CHECK(http.requests[0].tls.ca_file == "/etc/sandbox-ca.pem");
  CHECK(http.requests[0].timeout == std::chrono::milliseconds(2500));
}

TEST_CASE("Whoami: no credentials is an auth error with the sign-in hint") {
  TempDir home;
  FakeEnvironment env({{"AWS_EC2_METADATA_DISABLED", "true"}}, home.path().string());
  FakeTransport http;
  FakeProcessRunner processes;
  ops::WhoamiSeams seams{env, http, processes, SystemClock(), nullptr};
  try {
    ops::Whoami({"", "", {}}, seams);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kAuth);
    CHECK(e.hint().find("aws sso login --profile default") != std::string::npos);
  }
  CHECK(http.requests.empty());
}

TEST_CASE("whoami_tests_the_role_the_exec_assumes (issue 10 §3): AssumeRole, then the role") {
  TempDir home;
  std::filesystem::create_directories(home.path() / ".aws");
  std::ofstream(home.path() / ".aws" / "credentials")
      << "[ci-bot]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n";
  // AWS_PROFILE comes from the exec's env only; the shell's keys would win over a profile
  // named by env, so the exec env overlay must be what picks the profile.
  FakeEnvironment env({{"AWS_EC2_METADATA_DISABLED", "true"}}, home.path().string());
  const std::string role = "arn:aws:iam::123456789999:role/platform/eks-admin";
  FakeTransport http;
  http.handler = [](const net::Request& r) {
    if (r.body.find("Action=AssumeRole") != std::string::npos) {
      return net::Response{
          200,
          {},
          "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          "<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>"
          "<SecretAccessKey>rs</SecretAccessKey><SessionToken>rt</SessionToken>"
          "<Expiration>2099-01-01T01:00:00Z</Expiration></Credentials><AssumedRoleUser>"
          "<AssumedRoleId>AROA:EKSGetTokenAuth</AssumedRoleId>"
          "<Arn>arn:aws:sts::123456789999:assumed-role/eks-admin/EKSGetTokenAuth</Arn>"
          "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>x</RequestId>"
          "</ResponseMetadata></AssumeRoleResponse>"};
    }
    return net::Response{
        200,
        {},
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        "<GetCallerIdentityResult><Arn>arn:aws:sts::123456789999:assumed-role/eks-admin/"
        "EKSGetTokenAuth</Arn><UserId>AROA:EKSGetTokenAuth</UserId><Account>123456789999</Account>"
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        "</GetCallerIdentityResponse>"};
  };
  FakeProcessRunner processes;
  ops::WhoamiSeams seams{env, http, processes, SystemClock(), nullptr};
  kube::EksExec exec;
  exec.env = {{"AWS_PROFILE", "ci-bot"}};
  exec.profile = "ci-bot";
  exec.region = "us-east-2";
  exec.cluster_id = "dev";
  exec.role_arn = role;
  ops::WhoamiRequest request;
  request.exec = exec;
  const auto result = ops::Whoami(request, seams);
  REQUIRE(http.requests.size() == 2);
  CHECK(http.requests[0].url.rfind("https://sts.us-east-2.amazonaws.com", 0) == 0);
  CHECK(http.requests[0].body.find("RoleSessionName=EKSGetTokenAuth") != std::string::npos);
  CHECK(http.requests[0].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789999%3Arole%2Fplatform%"
                                   "2Feks-admin") != std::string::npos);
  CHECK(http.HeaderOf(0, "Authorization").find("Credential=AKIDBASE/") != std::string::npos);
  CHECK(http.HeaderOf(1, "Authorization").find("Credential=ASIAROLE/") != std::string::npos);
  CHECK(result.profile == "ci-bot");
  CHECK(result.assumed_role == role);
  CHECK(result.aws_auth_arn == "arn:aws:iam::123456789999:role/eks-admin");
  CHECK(result.credential_source == "shared-credentials-file");
}
