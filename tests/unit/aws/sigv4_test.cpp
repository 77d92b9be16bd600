// SigV4 stages on the cases the suite does not cover: double encoding of EKS paths, ports in
// the Host header, re-signing, the STS wire shape and the presigned GetCallerIdentity URL.
#include <doctest/doctest.h>

#include <string>

#include "aws/sigv4.hpp"
#include "core/error.hpp"

using namespace ssomap;
using namespace ssomap::aws::sigv4;

namespace {

const aws::Credentials kKeys{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                             std::nullopt, "test"};
// 2015-08-30T12:36:00Z, the suite's time.
const TimePoint kTime = std::chrono::system_clock::from_time_t(1440938160);

std::string HeaderOf(const net::Request& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace

TEST_CASE("AmzDate and CredentialScope use UTC and the first 8 characters") {
  CHECK(AmzDate(kTime) == "20150830T123600Z");
  CHECK(CredentialScope({"us-west-2", "sts", kTime}) == "20150830/us-west-2/sts/aws4_request");
}

TEST_CASE("CanonicalUri double-encodes an encoded EKS path and normalizes dot segments") {
  CHECK(
      CanonicalUri(
          "/clusters/c/access-entries/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdev%2Fmy-role") ==
      "/clusters/c/access-entries/"
      "arn%253Aaws%253Aiam%253A%253A111122223333%253Arole%252Fdev%252Fmy-role");
  CHECK(CanonicalUri("") == "/");
  CHECK(CanonicalUri("/a/./b/../c//d/") == "/a/c/d/");
  CHECK(CanonicalUri("/..") == "/");
  CHECK(CanonicalUri("/a b/~x") == "/a%20b/~x");
  Options s3;
  s3.normalize_path = false;
  s3.double_encode_path = false;
  CHECK(CanonicalUri("/a%20b//../c", s3) == "/a%20b//../c");
}

TEST_CASE(
    "CanonicalQuery re-encodes, keeps repeated keys sorted by value, and gives k= for bare keys") {
  CHECK(CanonicalQuery("b=2&a=z&a=y&c") == "a=y&a=z&b=2&c=");
  CHECK(CanonicalQuery("x=a%2fb&y=%7E") == "x=a%2Fb&y=~");
  CHECK(CanonicalQuery("") == "");
}

TEST_CASE("CanonicalizeHeaders trims, collapses, joins repeats and skips headers proxies change") {
  const auto h = CanonicalizeHeaders(
      {{"Host", "h"}, {"X-A", "  a \t  b  "}, {"x-a", "c"}, {"User-Agent", "u"}});
  CHECK(h.block == "host:h\nx-a:a b,c\n");
  CHECK(h.signed_headers == "host;x-a");
}

TEST_CASE(
    "SignRequest signs the STS POST with content-type, host with a port, and the session token") {
  net::Request r;
  r.method = "POST";
  r.url = "https://127.0.0.1:8443/";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto creds = kKeys;
  creds.session_token = "TOKEN";
  const auto stages = SignRequestStaged(r, creds, {"us-east-1", "sts", kTime}, Options{});
  CHECK(stages.canonical_request.find("\nhost:127.0.0.1:8443\n") != std::string::npos);
  CHECK(HeaderOf(r, "X-Amz-Security-Token") == "TOKEN");
  CHECK(HeaderOf(r, "X-Amz-Date") == "20150830T123600Z");
  CHECK(HeaderOf(r, "Authorization")
            .find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, ") !=
        std::string::npos);
  CHECK(HeaderOf(r, "X-Amz-Content-SHA256").empty());

  SUBCASE("signing again replaces, never duplicates, what signing added") {
    const auto count = r.headers.size();
    SignRequest(r, creds, {"us-east-1", "sts", kTime + std::chrono::seconds(5)});
    CHECK(r.headers.size() == count);
    CHECK(HeaderOf(r, "X-Amz-Date") == "20150830T123605Z");
  }
}

TEST_CASE(
    "PresignUrl keeps operation params first, signs x-k8s-aws-id, appends the signature last") {
  net::Request r;
  r.url = "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15";
  r.headers = {{"x-k8s-aws-id", "my-cluster"}};
  auto creds = kKeys;
  creds.session_token = "a/b+c=";
  const auto url = PresignUrl(r, creds, {"us-west-2", "sts", kTime}, std::chrono::seconds(60));
  CHECK(
      url.rfind("https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&"
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-"
                "west-2%2Fsts%2F"
                "aws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&"
                "X-Amz-Expires=60&"
                "X-Amz-Security-Token=a%2Fb%2Bc%3D&X-Amz-Signature=",
                0) == 0);
  CHECK(url.size() == url.rfind('=') + 1 + 64);
}

TEST_CASE("signing without keys is an authentication error, not a bad signature") {
  net::Request r;
  r.url = "https://sts.amazonaws.com/";
  CHECK_THROWS_AS(SignRequest(r, aws::Credentials{}, {"us-east-1", "sts", kTime}), Error);
}
