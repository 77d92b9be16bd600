// The EKS token: its URL is the presigned GetCallerIdentity that botocore (aws eks get-token)
// produces for the same credentials and time; the ExecCredential is the CLI's.
#include <doctest/doctest.h>

#include <string>

#include "aws/eks_token.hpp"
#include "core/encoding.hpp"
#include "eks_token_decode.hpp"

using namespace ssomap;

namespace {

// 2026-11-28T12:00:00Z
const TimePoint kNow = std::chrono::system_clock::from_time_t(1795867200);
const aws::Credentials kCreds{"ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                              "FwoGZXIvYXdzEXAMPLE+/=", std::nullopt, "sso"};

// botocore 1.29 (sts client, generate_presigned_url with the CLI's x-k8s-aws-id handlers), same
// credentials, endpoint https://sts.us-west-2.amazonaws.com, region us-west-2, cluster
// "dev-cluster".
constexpr const char* kBotocoreUrl =
    "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
    "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20261128%2Fus-west-2%2Fsts%"
    "2Faws4_request"
    "&X-Amz-Date=20261128T120000Z&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Expires=60"
    "&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE%2B%2F%3D"
    "&X-Amz-Signature=ae086117787d6ed944e414fd5483bd41334653dd4bc6b1470892a9c5c9168c89";

}  // namespace

TEST_CASE(
    "MakeEksToken: prefix, base64url without padding, byte for byte the botocore URL inside") {
  const auto token = aws::MakeEksToken("dev-cluster", kCreds, "https://sts.us-west-2.amazonaws.com",
                                       "us-west-2", kNow);
  REQUIRE(token.token.starts_with("k8s-aws-v1."));
  CHECK(token.token.find_first_of("+/=") == std::string::npos);
  const auto url = testing::DecodeEksToken(token.token);
  REQUIRE(url);
  CHECK(*url == kBotocoreUrl);
  CHECK(token.expiration == kNow + std::chrono::minutes(14));
  CHECK(token.token.size() < 4096);  // the authenticator's maxTokenLenBytes
}

TEST_CASE("MakeEksToken keeps the endpoint's port and always uses path /") {
  const auto token =
      aws::MakeEksToken("c", kCreds, "https://127.0.0.1:8443/ignored", "us-east-1", kNow);
  const auto url = testing::DecodeEksToken(token.token).value();
  CHECK(url.starts_with("https://127.0.0.1:8443/?Action=GetCallerIdentity&Version=2011-06-15&"));
}

TEST_CASE("DecodeEksToken refuses what is not a token") {
  CHECK_FALSE(testing::DecodeEksToken("Bearer abc"));
  CHECK_FALSE(testing::DecodeEksToken("k8s-aws-v1.***"));
  CHECK(testing::DecodeEksToken("k8s-aws-v1." + encoding::Base64UrlNoPad("https://x/")) ==
        "https://x/");
}

TEST_CASE("ExecCredentialApiVersion follows KUBERNETES_EXEC_INFO like the CLI") {
  std::string warning;
  CHECK(aws::ExecCredentialApiVersion(std::nullopt) == "client.authentication.k8s.io/v1beta1");
  CHECK(
      aws::ExecCredentialApiVersion(
          R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}})") ==
      "client.authentication.k8s.io/v1");
  CHECK(aws::ExecCredentialApiVersion("{nope", &warning) == "client.authentication.k8s.io/v1beta1");
  CHECK(warning.find("malformed") != std::string::npos);
  CHECK(aws::ExecCredentialApiVersion(R"({"apiVersion":"example.com/v9"})", &warning) ==
        "client.authentication.k8s.io/v1beta1");
  CHECK(warning.find("unknown") != std::string::npos);
}

TEST_CASE("ExecCredentialJson: the CLI's shape and timestamp format") {
  const aws::EksToken token{"k8s-aws-v1.abc", kNow + std::chrono::minutes(14)};
  CHECK(aws::ExecCredentialJson(token, "client.authentication.k8s.io/v1beta1") ==
        "{\n"
        "  \"kind\": \"ExecCredential\",\n"
        "  \"apiVersion\": \"client.authentication.k8s.io/v1beta1\",\n"
        "  \"spec\": {},\n"
        "  \"status\": {\n"
        "    \"expirationTimestamp\": \"2026-11-28T12:14:00Z\",\n"
        "    \"token\": \"k8s-aws-v1.abc\"\n"
        "  }\n"
        "}\n");
}
