// EksClient over a recording fake transport: the wire shape of each access-entry call (botocore's,
// aws-protocols.md §5), pagination, every EKS error code of the model with its exit and fix, and
// malformed replies as clear errors.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "aws/eks.hpp"
#include "aws/service_error.hpp"
#include "aws/sso_portal.hpp"
#include "core/error.hpp"
#include "fake_transport.hpp"

using namespace ssomap;
using namespace std::chrono_literals;

namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14T22:13:20Z
const aws::Credentials kKeys{"AKIDEXAMPLE", "secret", "session-token", std::nullopt, "env"};
const std::string kSsoRole =
    "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
    "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7";
const std::string kSsoRoleLabel =
    "arn%3Aaws%3Aiam%3A%3A123456789999%3Arole%2Faws-reserved%2Fsso.amazonaws.com%2Fus-east-2%2F"
    "AWSReservedSSO_AdministratorAccess_2f0d1c63a1b4e5d7";

aws::EksClient Client(testing::FakeTransport& fake,
                      std::string endpoint = "https://eks.us-east-2.amazonaws.com") {
  return aws::EksClient(
      fake, std::move(endpoint), "us-east-2", [] { return kNow; }, 1500ms);
}

std::string EntryJson(const std::string& arn, const std::string& type = "STANDARD") {
  return nlohmann::json{{"accessEntry",
                         {{"clusterName", "prod"},
                          {"principalArn", arn},
                          {"kubernetesGroups", {"viewers"}},
                          {"username", "sso:{{SessionName}}"},
                          {"type", type}}}}
      .dump();
}

}  // namespace

TEST_CASE("DescribeCluster: signed GET, mode, account and partition from the cluster ARN") {
  testing::FakeTransport fake;
  fake.Reply(200, R"({"cluster":{"name":"prod","arn":"arn:aws-cn:eks:cn-north-1:210987654321:)"
                  R"(cluster/prod","endpoint":"https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn",)"
                  R"("status":"ACTIVE","certificateAuthority":{"data":"LS0t"},)"
                  R"("accessConfig":{"authenticationMode":"API"}}})");
  auto cluster = Client(fake).DescribeCluster(kKeys, "prod");
  CHECK(cluster.account == "210987654321");
  CHECK(cluster.partition == "aws-cn");
  CHECK(cluster.endpoint == "https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn");
  CHECK(cluster.certificate_authority == "LS0t");
  CHECK(cluster.authentication_mode == aws::AuthenticationMode::kApi);
  const auto& r = fake.requests.at(0);
  CHECK(r.method == "GET");
  CHECK(r.url == "https://eks.us-east-2.amazonaws.com/clusters/prod");
  CHECK(r.body.empty());
  CHECK_FALSE(r.follow_redirects);
  CHECK(r.timeout == 1500ms);
  CHECK(fake.HeaderOf(0, "Authorization")
            .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-2/eks/"
                         "aws4_request, "));
}

TEST_CASE(
    "DescribeCluster: a cluster without accessConfig is CONFIG_MAP; an unknown mode is an "
    "error") {
  testing::FakeTransport fake;
  fake.Reply(200, R"({"cluster":{"name":"old","arn":"arn:aws:eks:us-east-2:1:cluster/old"}})");
  CHECK(Client(fake).DescribeCluster(kKeys, "old").authentication_mode ==
        aws::AuthenticationMode::kConfigMap);
  fake.Reply(200, R"({"cluster":{"name":"x","arn":"arn:aws:eks:us-east-2:1:cluster/x",)"
                  R"("accessConfig":{"authenticationMode":"BOTH"}}})");
  CHECK_THROWS_WITH_AS(Client(fake).DescribeCluster(kKeys, "x"),
                       "EKS DescribeCluster: malformed reply (authenticationMode 'BOTH')", Error);
  fake.Reply(200, "<html>");
  CHECK_THROWS_WITH_AS(Client(fake).DescribeCluster(kKeys, "x"),
                       "EKS DescribeCluster: malformed reply (not a JSON object)", Error);
}

TEST_CASE("principal ARNs with a path are one percent-encoded path label, signed double-encoded") {
  testing::FakeTransport fake;
  fake.Reply(200, EntryJson(kSsoRole));
  auto entry = Client(fake).DescribeAccessEntry(kKeys, "prod", kSsoRole);
  REQUIRE(entry);
  CHECK(entry->principal_arn == kSsoRole);
  CHECK(entry->kubernetes_groups == std::vector<std::string>{"viewers"});
  CHECK(fake.requests[0].url ==
        "https://eks.us-east-2.amazonaws.com/clusters/prod/access-entries/" + kSsoRoleLabel);

  fake.Reply(200, "{}");
  Client(fake).DisassociateAccessPolicy(
      kKeys, "prod", kSsoRole, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
  CHECK(fake.requests[1].method == "DELETE");
  CHECK(fake.requests[1].url ==
        "https://eks.us-east-2.amazonaws.com/clusters/prod/access-entries/" + kSsoRoleLabel +
            "/access-policies/arn%3Aaws%3Aeks%3A%3Aaws%3Acluster-access-policy%2F"
            "AmazonEKSViewPolicy");
}

TEST_CASE("DescribeAccessEntry: ResourceNotFoundException is no entry") {
  testing::FakeTransport fake;
  fake.Reply(404, R"({"message":"The specified principalArn could not be found."})",
             {{"x-amzn-errortype", "ResourceNotFoundException:http://internal.amazon.com/"}});
  CHECK_FALSE(Client(fake).DescribeAccessEntry(kKeys, "prod", kSsoRole).has_value());
}

TEST_CASE("Create/Update/Associate send the JSON bodies botocore sends") {
  testing::FakeTransport fake;
  fake.Reply(200, EntryJson(kSsoRole)).Reply(200, EntryJson(kSsoRole)).Reply(200, "{}");
  auto client = Client(fake);
  aws::AccessEntry entry;
  entry.principal_arn = kSsoRole;
  entry.username = "sso:AdministratorAccess:{{SessionName}}";
  entry.kubernetes_groups = {"viewers", "dev"};
  client.CreateAccessEntry(kKeys, "prod", entry);
  client.UpdateAccessEntry(kKeys, "prod", entry);
  client.AssociateAccessPolicy(kKeys, "prod", kSsoRole,
                               "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                               {aws::AccessScope::Type::kNamespace, {"dev"}});
  CHECK(fake.requests[0].method == "POST");
  CHECK(fake.requests[0].url == "https://eks.us-east-2.amazonaws.com/clusters/prod/access-entries");
  CHECK(fake.HeaderOf(0, "Content-Type") == "application/json");
  CHECK(nlohmann::json::parse(fake.requests[0].body) ==
        nlohmann::json{{"principalArn", kSsoRole},
                       {"kubernetesGroups", {"viewers", "dev"}},
                       {"username", "sso:AdministratorAccess:{{SessionName}}"}});
  CHECK(fake.requests[1].url ==
        "https://eks.us-east-2.amazonaws.com/clusters/prod/access-entries/" + kSsoRoleLabel);
  CHECK(nlohmann::json::parse(fake.requests[1].body) ==
        nlohmann::json{{"kubernetesGroups", {"viewers", "dev"}},
                       {"username", "sso:AdministratorAccess:{{SessionName}}"}});
  CHECK(fake.requests[2].url.ends_with("/access-policies"));
  CHECK(nlohmann::json::parse(fake.requests[2].body) ==
        nlohmann::json{{"policyArn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"},
                       {"accessScope", {{"type", "namespace"}, {"namespaces", {"dev"}}}}});
}

TEST_CASE("list calls follow nextToken to the end, and stop on a repeated token") {
  testing::FakeTransport fake;
  fake.Reply(200, R"({"accessEntries":["arn:aws:iam::1:role/a"],"nextToken":"t/1"})")
      .Reply(200, R"({"accessEntries":["arn:aws:iam::1:role/b"]})");
  auto arns = Client(fake).ListAccessEntries(kKeys, "prod");
  CHECK(arns == std::vector<std::string>{"arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"});
  CHECK(fake.requests[0].url == "https://eks.us-east-2.amazonaws.com/clusters/prod/access-entries");
  CHECK(fake.requests[1].url ==
        "https://eks.us-east-2.amazonaws.com/clusters/prod/access-entries?nextToken=t%2F1");

  testing::FakeTransport loop([](const net::Request&) {
    return net::Response{200, {}, R"({"accessPolicies":[],"nextToken":"same"})"};
  });
  CHECK_THROWS_WITH_AS(Client(loop).ListAccessPolicies(kKeys),
                       "EKS ListAccessPolicies: the server repeated its nextToken", Error);
  CHECK(loop.requests.size() == 2);
}

TEST_CASE("ListAccessPolicies and ListAssociatedAccessPolicies decode names, ARNs and scopes") {
  testing::FakeTransport fake;
  fake.Reply(200,
             R"({"accessPolicies":[{"name":"AmazonEKSViewPolicy",)"
             R"("arn":"arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"}]})");
  fake.Reply(200,
             R"({"clusterName":"prod","principalArn":"x","associatedAccessPolicies":[)"
             R"({"policyArn":"p1","accessScope":{"type":"cluster","namespaces":[]}},)"
             R"({"policyArn":"p2","accessScope":{"type":"namespace","namespaces":["a","b"]}}]})");
  auto client = Client(fake);
  auto policies = client.ListAccessPolicies(kKeys);
  REQUIRE(policies.size() == 1);
  CHECK(policies[0].arn == "arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
  CHECK(fake.requests[0].url == "https://eks.us-east-2.amazonaws.com/access-policies");
  auto associated = client.ListAssociatedAccessPolicies(kKeys, "prod", kSsoRole);
  REQUIRE(associated.size() == 2);
  CHECK(associated[0].scope.type == aws::AccessScope::Type::kCluster);
  CHECK(associated[1].scope.ToString() == "namespace:a,b");
}

TEST_CASE("every EKS error code of the model: its code, one line, its exit and a fix") {
  struct Case {
    long status;
    const char* code;
    Exit exit;
    const char* hint_part;
  };
  const Case cases[] = {
      {404, "ResourceNotFoundException", Exit::kError, "does not exist"},
      {409, "ResourceInUseException", Exit::kError, "--overwrite"},
      {400, "InvalidParameterException", Exit::kError, "with its IAM path"},
      {400, "InvalidRequestException", Exit::kError, "authenticationMode=API_AND_CONFIG_MAP"},
      {400, "ResourceLimitExceededException", Exit::kError, "quota"},
      {400, "ClientException", Exit::kError, "refused"},
      {403, "AccessDeniedException", Exit::kAuth, "--admin-profile"},
      {500, "ServerException", Exit::kError, "try again"},
      {503, "ServiceUnavailableException", Exit::kError, "try again"},
      {403, "UnrecognizedClientException", Exit::kAuth, "sign in again"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.code);
    testing::FakeTransport fake;
    fake.Reply(c.status, R"({"message":"it went\nwrong"})",
               {{"x-amzn-errortype", std::string(c.code) + ":http://internal.amazon.com/coral/"}});
    try {
      Client(fake).CreateAccessEntry(kKeys, "prod", {kSsoRole, "", {}, "STANDARD", ""});
      FAIL("no error");
    } catch (const aws::ServiceError& e) {
      CHECK(e.code() == c.code);
      CHECK(e.status() == c.status);
      CHECK(std::string(e.what()) ==
            std::string("EKS CreateAccessEntry: ") + c.code + ": it went wrong");
      CHECK(e.exit() == c.exit);
      CHECK(e.hint().find(c.hint_part) != std::string::npos);
    }
  }
}

TEST_CASE("the error code without the header: body code/__type, namespace and suffix cut") {
  net::Response r{
      400, {}, R"({"__type":"com.amazonaws.eks#InvalidParameterException:x","Message":"m"})"};
  auto e = aws::ParseRestJsonError(r);
  CHECK(e.code == "InvalidParameterException");
  CHECK(e.message == "m");
  testing::FakeTransport fake;
  fake.Reply(502, "Bad Gateway");
  CHECK_THROWS_WITH_AS(Client(fake).ListAccessPolicies(kKeys), "EKS ListAccessPolicies: HTTP 502",
                       Error);
}

TEST_CASE("an http:// endpoint (LocalStack, moto) is used as given, as the AWS CLI does") {
  testing::FakeTransport fake;
  fake.Reply(200, R"({"accessPolicies":[]})");
  Client(fake, "http://localhost:4566/").ListAccessPolicies(kKeys);
  CHECK(fake.requests[0].url == "http://localhost:4566/access-policies");
}
