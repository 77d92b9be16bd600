// StsClient over a recording fake transport: the wire shape of each call, JSON and XML replies,
// AWS errors with their remedies, and malformed replies as clear errors.
#include <doctest/doctest.h>

#include <string>

#include "aws/sts.hpp"
#include "aws/sts_reply.hpp"
#include "core/error.hpp"
#include "fake_transport.hpp"

using namespace ssomap;
using namespace std::chrono_literals;

namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14T22:13:20Z
const aws::Credentials kKeys{"AKIDEXAMPLE", "secret", "session-token", std::nullopt, "env"};

constexpr const char* kIdentityJson =
    R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012",)"
    R"("Arn":"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane",)"
    R"("UserId":"AROAEXAMPLE:jane"},"ResponseMetadata":{"RequestId":"r-1"}}})";

constexpr const char* kIdentityXml =
    R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/a&amp;b</Arn>
    <UserId>AIDAEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>)";

constexpr const char* kAssumeRoleXml =
    R"(<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/r/s</Arn></AssumedRoleUser>
<Credentials><AccessKeyId>ASIANEW</AccessKeyId><SecretAccessKey>newsecret</SecretAccessKey>
<SessionToken>newtoken</SessionToken><Expiration>2023-11-14T23:13:20Z</Expiration></Credentials>
</AssumeRoleResult></AssumeRoleResponse>)";

aws::StsClient Client(testing::FakeTransport& fake) {
  return aws::StsClient(
      fake, "https://sts.eu-west-1.amazonaws.com", "eu-west-1", [] { return kNow; }, 2500ms);
}

}  // namespace

TEST_CASE("GetCallerIdentity: signed POST form, JSON accepted, no redirects, timeout passed") {
  testing::FakeTransport fake;
  fake.Reply(200, kIdentityJson);
  auto id = Client(fake).GetCallerIdentity(kKeys);
  CHECK(id.account == "123456789012");
  CHECK(id.user_id == "AROAEXAMPLE:jane");
  CHECK(id.arn ==
        "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane");
  REQUIRE(fake.requests.size() == 1);
  const auto& r = fake.requests[0];
  CHECK(r.method == "POST");
  CHECK(r.url == "https://sts.eu-west-1.amazonaws.com/");
  CHECK(r.body == "Action=GetCallerIdentity&Version=2011-06-15");
  CHECK(fake.HeaderOf(0, "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
  CHECK(fake.HeaderOf(0, "Accept") == "application/json");
  CHECK(fake.HeaderOf(0, "X-Amz-Date") == "20231114T221320Z");
  CHECK(fake.HeaderOf(0, "X-Amz-Security-Token") == "session-token");
  CHECK(fake.HeaderOf(0, "Authorization")
            .starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/eu-west-1/sts/aws4_request, "
                "SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, "
                "Signature="));
  CHECK_FALSE(r.follow_redirects);
  CHECK(r.timeout == 2500ms);
}

TEST_CASE("GetCallerIdentity understands the XML reply too, entities decoded") {
  testing::FakeTransport fake;
  fake.Reply(200, kIdentityXml);
  auto id = Client(fake).GetCallerIdentity(kKeys);
  CHECK(id.arn == "arn:aws:iam::123456789012:user/a&b");
  CHECK(id.user_id == "AIDAEXAMPLE");
}

TEST_CASE("AssumeRole: parameters in the form, credentials and expiry from the reply") {
  testing::FakeTransport fake;
  fake.Reply(200, kAssumeRoleXml);
  aws::AssumeRoleParams p{"arn:aws:iam::1:role/r", "s@x",   "ext id", 3600,
                          "arn:aws:iam::1:mfa/u",  "123456"};
  auto creds = Client(fake).AssumeRole(kKeys, p);
  CHECK(creds.access_key_id == "ASIANEW");
  CHECK(creds.secret_access_key == "newsecret");
  CHECK(creds.session_token == "newtoken");
  REQUIRE(creds.expiration);
  CHECK(*creds.expiration == kNow + 1h);
  CHECK(fake.requests[0].body ==
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&"
        "RoleSessionName=s%40x&"
        "DurationSeconds=3600&ExternalId=ext%20id&SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fu&"
        "TokenCode=123456");
  CHECK_FALSE(fake.HeaderOf(0, "Authorization").empty());
}

TEST_CASE("AssumeRoleWithWebIdentity is unsigned") {
  testing::FakeTransport fake;
  std::string xml = kAssumeRoleXml;
  xml.replace(xml.find("<AssumeRoleResponse"), 19, "<AssumeRoleWithWebIdentityResponse");
  xml.replace(xml.find("<AssumeRoleResult>"), 18, "<AssumeRoleWithWebIdentityResult>");
  xml.replace(xml.find("</AssumeRoleResult>"), 19, "</AssumeRoleWithWebIdentityResult>");
  fake.Reply(200, xml);
  auto creds = Client(fake).AssumeRoleWithWebIdentity(
      {"arn:aws:iam::1:role/r", "sess", "eyJ.jwt", std::nullopt});
  CHECK(creds.access_key_id == "ASIANEW");
  CHECK(fake.HeaderOf(0, "Authorization").empty());
  CHECK(fake.HeaderOf(0, "X-Amz-Security-Token").empty());
  CHECK(fake.requests[0].body.find("WebIdentityToken=eyJ.jwt") != std::string::npos);
}

TEST_CASE("AWS errors: one line <Code>: <Message>, a remedy, and the auth exit code") {
  struct Case {
    long status;
    std::string body;
    std::string message;
    std::string hint_part;
    Exit exit;
  };
  const Case cases[] = {
      {403,
       R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>x</RequestId></ErrorResponse>)",
       "ExpiredToken: The security token included in the request is expired", "aws sso login",
       Exit::kAuth},
      {403,
       R"({"Error":{"Code":"InvalidClientTokenId","Message":"The security token included in the request is invalid.","Type":"Sender"},"RequestId":"x"})",
       "InvalidClientTokenId: The security token included in the request is invalid.", "access key",
       Exit::kAuth},
      {403,
       R"({"Error":{"Code":"SignatureDoesNotMatch","Message":"The request signature we calculated does not match\nthe signature you provided."}})",
       "SignatureDoesNotMatch: The request signature we calculated does not match the signature "
       "you provided.",
       "clock", Exit::kAuth},
      {400, R"({"Error":{"Code":"Throttling","Message":"Rate exceeded"}})",
       "Throttling: Rate exceeded", "try again", Exit::kError},
      {500, "", "STS GetCallerIdentity: HTTP 500 with an empty reply", "", Exit::kError},
      {502, "<html>Bad Gateway</html>",
       "STS GetCallerIdentity: HTTP 502: '<html>Bad Gateway</html>'", "", Exit::kError},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    testing::FakeTransport fake;
    fake.Reply(c.status, c.body);
    try {
      Client(fake).GetCallerIdentity(kKeys);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == c.message);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      if (c.hint_part.empty()) {
        CHECK(e.hint().empty());
      } else {
        CHECK(e.hint().find(c.hint_part) != std::string::npos);
      }
      CHECK(e.exit() == c.exit);
      CHECK(e.hint().find("insecure") == std::string::npos);
    }
  }
}

TEST_CASE("malformed 200 replies are clear errors, never a crash") {
  const std::string bodies[] = {
      "",
      "not a reply",
      "{",
      R"({"GetCallerIdentityResponse":{}})",
      R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Arn":"a","UserId":"u"}}})",
      R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Arn":7,"UserId":[],"Account":null}}})",
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn>",
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn><b>x</b></Arn><UserId>u</"
      "UserId><Account>1</Account>"
      "</GetCallerIdentityResult></GetCallerIdentityResponse>",
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>&bogus;</Arn><UserId>u</"
      "UserId><Account>1</Account>"
      "</GetCallerIdentityResult></GetCallerIdentityResponse>",
  };
  for (const auto& body : bodies) {
    CAPTURE(body);
    testing::FakeTransport fake;
    fake.Reply(200, body);
    CHECK_THROWS_AS(Client(fake).GetCallerIdentity(kKeys), Error);
  }
}

TEST_CASE("an AssumeRole reply with a bad Expiration is an error") {
  testing::FakeTransport fake;
  std::string xml = kAssumeRoleXml;
  xml.replace(xml.find("2023-11-14T23:13:20Z"), 20, "tomorrow");
  fake.Reply(200, xml);
  CHECK_THROWS_WITH_AS(
      Client(fake).AssumeRole(kKeys, {"arn:aws:iam::1:role/r", "s", "", {}, "", ""}),
      doctest::Contains("Expiration"), Error);
}

TEST_CASE("XmlElement matches whole tag names only") {
  CHECK(aws::sts::XmlText("<ArnX>no</ArnX><Arn>yes</Arn>", "Arn") == "yes");
  CHECK(aws::sts::XmlText("<Arn xmlns=\"n\">v</Arn>", "Arn") == "v");
  CHECK(aws::sts::XmlText("<Arn/>", "Arn") == "");
  CHECK_FALSE(aws::sts::XmlText("<Arn>v", "Arn"));
}
