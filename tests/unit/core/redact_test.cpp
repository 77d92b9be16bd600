// The one redaction (core/redact.hpp): every shape a secret takes, in every message path.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "core/redact.hpp"

using namespace ssomap;

namespace {

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY";

}  // namespace

TEST_CASE("redact::Text removes each secret shape and keeps the names") {
  const std::string s = kSecret;
  const std::string shapes[] = {
      "aws_secret_access_key = " + s,
      "aws_secret_access_key=" + s,
      "aws_secret_access_key " + s,  // issue 11 §1: the '=' forgotten
      "AWS_SESSION_TOKEN=" + s,
      "aws_session_token: " + s,
      "aws_security_token\t" + s,
      R"({"accessToken": ")" + s + R"("})",
      R"({"refreshToken":")" + s + R"("})",
      R"({"clientSecret": ")" + s + R"(", "x": 1})",
      R"({'SecretAccessKey': ')" + s + "'}",
      R"({"SessionToken": ")" + s + R"("})",
      "users:\n- name: u\n  user:\n    token: " + s + "\n",
      "    client-key-data: " + s,
      "{token: " + s + "}",
      "Authorization: Bearer " + s,
      "AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=" + s,
      "k8s-aws-v1." + s.substr(0, 10) + "abc_DEF-1",
      "https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Signature=" + s + "&x=1",
      "https://x/?X-Amz-Credential=" + s,
      "https://x/?X-Amz-Security-Token=" + s,
      "<SecretAccessKey>" + s + "</SecretAccessKey>",
      "<SessionToken>" + s + "</SessionToken>",
      "-----BEGIN RSA PRIVATE KEY-----\n" + s + "\n-----END RSA PRIVATE KEY-----",
      "syntax error while parsing value - invalid literal; last read: '" + s + "'",
  };
  for (const auto& text : shapes) {
    CAPTURE(text);
    const auto out = redact::Text(text);
    CHECK(out.find(s) == std::string::npos);
    CHECK(out.find(s.substr(0, 10)) == std::string::npos);
    CHECK(out.find("REDACTED") != std::string::npos);
    CHECK(redact::Text(out) == out);  // idempotent
  }
}

TEST_CASE("redact::Text leaves prose and non-secrets alone") {
  for (const std::string text : {"profile dev has aws_access_key_id but no aws_secret_access_key",
                                 "getting a token: exec plugin aws-iam-authenticator failed",
                                 "aws configure set aws_secret_access_key ... --profile dev",
                                 "kubeconfig /k: line 3: user \"u\": 'tokenFile' must be a string",
                                 "arn:aws:iam::111122223333:role/admin", "AKIAIOSFODNN7EXAMPLE"}) {
    CHECK(redact::Text(text) == text);
  }
}

TEST_CASE("redact::Header replaces credential headers whole") {
  CHECK(redact::Header("Authorization", "anything") == "REDACTED");
  CHECK(redact::Header("x-amz-sso_bearer_token", "x") == "REDACTED");
  CHECK(redact::Header("Content-Type", "application/json") == "application/json");
}

TEST_CASE("Error: message and hint pass through the redaction, also with context") {
  const std::string s = kSecret;
  const Error e("reply: {\"accessToken\": \"" + s + "\"}", "set aws_session_token=" + s);
  CHECK(std::string(e.what()).find(s) == std::string::npos);
  CHECK(e.hint().find(s) == std::string::npos);
  CHECK(std::string(e.WithContext("ctx").what()).find(s) == std::string::npos);
}
