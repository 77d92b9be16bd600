// `token` (ops::Token): the ExecCredential of `aws eks get-token`, made through the recording fake
// transport: no request for plain credentials, AssumeRole for --role-arn, the MFA prompt asked,
// the apiVersion from KUBERNETES_EXEC_INFO.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "aws/eks_token_decode.hpp"
#include "aws/fakes.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "ops/token.hpp"

using namespace ssomap;
using ssomap::testing::FakeProcessRunner;
using ssomap::testing::FakePrompt;
using ssomap::testing::FakeTransport;
using ssomap::testing::TempDir;

namespace {

// 2026-11-28T12:00:00Z
const TimePoint kNow = std::chrono::system_clock::from_time_t(1795867200);

constexpr const char* kAssumeRoleXml =
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>"
    "<SecretAccessKey>rs</SecretAccessKey><SessionToken>rt</SessionToken>"
    "<Expiration>2099-01-01T01:00:00Z</Expiration></Credentials><AssumedRoleUser>"
    "<AssumedRoleId>AROA:x</AssumedRoleId>"
    "<Arn>arn:aws:sts::123456789999:assumed-role/eks-admin/x</Arn>"
    "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>x</RequestId>"
    "</ResponseMetadata></AssumeRoleResponse>";

struct World {
  TempDir home;
  FakeTransport http;
  FakeProcessRunner processes;
  FakePrompt prompt;

  World() {
    std::filesystem::create_directories(home.path() / ".aws");
    std::ofstream(home.path() / ".aws" / "credentials")
        << "[ci-bot]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n";
    std::ofstream(home.path() / ".aws" / "config")
        << "[profile ci-bot]\nregion = eu-west-1\n"
           "[profile mfa]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = ci-bot\n"
           "mfa_serial = arn:aws:iam::1:mfa/me\n";
    http.handler = [](const net::Request&) {
      return net::Response{200, {}, std::string(kAssumeRoleXml)};
    };
  }

  ops::TokenResult Token(const ops::TokenRequest& request,
                         std::map<std::string, std::string> vars = {}) {
    vars.emplace("AWS_EC2_METADATA_DISABLED", "true");
    FakeEnvironment env(vars, home.path().string());
    return ops::Token(request, {env, http, processes, [] { return kNow; }, &prompt});
  }
};

std::string QueryOf(const std::string& url, const std::string& key) {
  const auto at = url.find(key + "=");
  REQUIRE(at != std::string::npos);
  const auto start = at + key.size() + 1;
  return url.substr(start, url.find('&', start) - start);
}

}  // namespace

TEST_CASE("Token: the CLI's ExecCredential, signed for the cluster in the profile's region") {
  World w;
  ops::TokenRequest request;
  request.cluster_id = "dev";
  request.profile = "ci-bot";
  const auto result = w.Token(request);
  CHECK(result.warning.empty());
  CHECK(w.http.requests.empty());  // static keys: nothing to ask before signing
  const auto json = nlohmann::json::parse(result.exec_credential);
  CHECK(json["kind"] == "ExecCredential");
  CHECK(json["apiVersion"] == "client.authentication.k8s.io/v1beta1");
  CHECK(json["status"]["expirationTimestamp"] == "2026-11-28T12:14:00Z");
  const auto url = testing::DecodeEksToken(json["status"]["token"].get<std::string>()).value();
  CHECK(url.rfind("https://sts.eu-west-1.amazonaws.com/?", 0) == 0);
  CHECK(QueryOf(url, "X-Amz-Credential") == "AKIDBASE%2F20261128%2Feu-west-1%2Fsts%2Faws4_request");
  CHECK(QueryOf(url, "X-Amz-SignedHeaders") == "host%3Bx-k8s-aws-id");
  CHECK(QueryOf(url, "X-Amz-Expires") == "60");
  CHECK(url.find("X-Amz-Security-Token") == std::string::npos);

  request.region = "ap-south-1";  // --region wins over the profile's
  const auto other = nlohmann::json::parse(w.Token(request).exec_credential);
  CHECK(testing::DecodeEksToken(other["status"]["token"].get<std::string>())
            ->rfind("https://sts.ap-south-1.amazonaws.com/?", 0) == 0);
}

TEST_CASE("Token: --role-arn is assumed first, as EKSGetTokenAuth unless --session-name") {
  World w;
  ops::TokenRequest request;
  request.cluster_id = "dev";
  request.profile = "ci-bot";
  request.role_arn = "arn:aws:iam::123456789999:role/platform/eks-admin";
  const auto json = nlohmann::json::parse(w.Token(request).exec_credential);
  REQUIRE(w.http.requests.size() == 1);
  CHECK(w.http.requests[0].body.find("RoleSessionName=EKSGetTokenAuth") != std::string::npos);
  CHECK(w.http.HeaderOf(0, "Authorization").find("Credential=AKIDBASE/") != std::string::npos);
  const auto url = testing::DecodeEksToken(json["status"]["token"].get<std::string>()).value();
  CHECK(QueryOf(url, "X-Amz-Credential").rfind("ASIAROLE%2F", 0) == 0);
  CHECK(QueryOf(url, "X-Amz-Security-Token") == "rt");

  request.session_name = "alice";
  w.Token(request);
  REQUIRE(w.http.requests.size() == 2);
  CHECK(w.http.requests[1].body.find("RoleSessionName=alice") != std::string::npos);
}

TEST_CASE("Token: an MFA profile asks for the code (the native token of list/add does not)") {
  World w;
  w.prompt.answer = "123456";
  ops::TokenRequest request;
  request.cluster_id = "dev";
  request.profile = "mfa";
  w.Token(request);
  REQUIRE(w.prompt.questions.size() == 1);
  CHECK(w.prompt.questions[0].find("arn:aws:iam::1:mfa/me") != std::string::npos);
  REQUIRE(w.http.requests.size() == 1);
  CHECK(w.http.requests[0].body.find("TokenCode=123456") != std::string::npos);
}

TEST_CASE("Token: the apiVersion KUBERNETES_EXEC_INFO asks for, or v1beta1 with a warning") {
  World w;
  ops::TokenRequest request;
  request.cluster_id = "dev";
  request.profile = "ci-bot";
  auto result = w.Token(
      request,
      {{"KUBERNETES_EXEC_INFO",
        R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}})"}});
  CHECK(nlohmann::json::parse(result.exec_credential)["apiVersion"] ==
        "client.authentication.k8s.io/v1");
  CHECK(result.warning.empty());
  result = w.Token(request, {{"KUBERNETES_EXEC_INFO", "{"}});
  CHECK(nlohmann::json::parse(result.exec_credential)["apiVersion"] ==
        "client.authentication.k8s.io/v1beta1");
  CHECK(result.warning.find("malformed") != std::string::npos);
}

TEST_CASE("Token: no credentials is an auth error naming the profile, no token printed") {
  World w;
  ops::TokenRequest request;
  request.cluster_id = "dev";
  request.profile = "nobody";
  try {
    w.Token(request);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("nobody") != std::string::npos);
    CHECK(e.exit() == Exit::kAuth);
  }
}
