// The logger never prints a secret, at any level, in any of the forms secrets take.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "core/log.hpp"

using namespace ssomap;

namespace {

struct Capture {
  std::ostringstream out;
  explicit Capture(int level) {
    log::SetVerbosity(level);
    log::SetSink(&out);
  }
  ~Capture() {
    log::SetSink(nullptr);
    log::SetVerbosity(0);
  }
};

}  // namespace

TEST_CASE("levels: nothing below the verbosity is written") {
  Capture c(5);
  log::Write(6, "hidden");
  log::Write(5, "shown");
  CHECK(c.out.str() == "I shown\n");
}

TEST_CASE("presigned URL parameters are redacted, the rest of the URL kept") {
  const auto line = log::Redact(
      "GET "
      "https://sts.amazonaws.com/"
      "?Action=GetCallerIdentity&X-Amz-Credential=AKIAXXXX%2F20240101%2Fus-east-1"
      "&X-Amz-Security-Token=FQoGZXIvYXdzE%2Fsecret&X-Amz-Signature=abcdef0123&x-amz-signature="
      "deadbeef 200");
  CHECK(line.find("AKIAXXXX") == std::string::npos);
  CHECK(line.find("FQoGZXIvYXdzE") == std::string::npos);
  CHECK(line.find("abcdef0123") == std::string::npos);
  CHECK(line.find("deadbeef") == std::string::npos);
  CHECK(line.find("Action=GetCallerIdentity") != std::string::npos);
  CHECK(line.find(" 200") != std::string::npos);
}

TEST_CASE("secret headers are replaced whole; ordinary headers kept") {
  CHECK(log::RedactHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc") ==
        "REDACTED");
  CHECK(log::RedactHeader("X-Amz-Security-Token", "IQoJb3JpZ2lu") == "REDACTED");
  CHECK(log::RedactHeader("x-amz-sso_bearer_token", "aoaAAAAA") == "REDACTED");
  CHECK(log::RedactHeader("Content-Type", "application/json") == "application/json");
  Capture c(8);
  log::Headers(">",
               {{"authorization", "Bearer k8s-aws-v1.aHR0cHM6"}, {"Accept", "application/json"}});
  CHECK(c.out.str() == "I > authorization: REDACTED\nI > Accept: application/json\n");
}

TEST_CASE("bearer and EKS tokens in free text") {
  const auto line = log::Redact(
      "token k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u and Bearer abc.def-ghi");
  CHECK(line == "token k8s-aws-v1.REDACTED and Bearer REDACTED");
  CHECK(log::Redact(
            "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, "
            "SignedHeaders=host, Signature=abc") == "Authorization: AWS4-HMAC-SHA256 REDACTED");
}

TEST_CASE("JSON and XML secret fields, in any case and spacing") {
  const std::string json =
      R"({"accessToken": "aoa123", "refreshToken":"r\"e\"f", "clientSecret" : "cs", "expiresAt":"2024",)"
      R"( "roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"s3cr3t","sessionToken":"tok"},)"
      R"( "Credentials":{"SecretAccessKey":"S2","SessionToken":"T2"}, "status":{"token":"k"}})";
  const auto out = log::Redact(json);
  for (const char* secret :
       {"aoa123", "r\\\"e", "\"cs\"", "s3cr3t", "\"tok\"", "S2", "T2", "\"k\""}) {
    CAPTURE(secret);
    CHECK(out.find(secret) == std::string::npos);
  }
  CHECK(out.find("\"expiresAt\":\"2024\"") != std::string::npos);
  CHECK(out.find("ASIA1") != std::string::npos);  // access key ids are not secret

  const auto xml = log::Redact(
      "<Credentials><AccessKeyId>ASIA2</AccessKeyId><SecretAccessKey>X1</SecretAccessKey>"
      "<SessionToken>X2</SessionToken></Credentials>");
  CHECK(xml.find("X1") == std::string::npos);
  CHECK(xml.find("X2") == std::string::npos);
  CHECK(xml.find("ASIA2") != std::string::npos);
}

TEST_CASE("form bodies: the web identity token and MFA code") {
  const auto body = log::Redact(
      "Action=AssumeRoleWithWebIdentity&WebIdentityToken=eyJhbGci.x.y&TokenCode=123456");
  CHECK(body == "Action=AssumeRoleWithWebIdentity&WebIdentityToken=REDACTED&TokenCode=REDACTED");
}

TEST_CASE("Write redacts before printing") {
  Capture c(9);
  log::Logf(9, "< {}", R"({"secretAccessKey":"zzz"})");
  CHECK(c.out.str() == "I < {\"secretAccessKey\":\"REDACTED\"}\n");
}
