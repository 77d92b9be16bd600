// ops::Doctor, step by step, through the recording fake transport: STS, aws-auth, the RBAC
// bindings and the SelfSubjectReview of the sign-in, each answered by one fake server.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "aws/fakes.hpp"
#include "core/error.hpp"
#include "fake_api.hpp"
#include "fake_environment.hpp"
#include "ops/doctor.hpp"

using namespace ssomap;
using testing::Fixture;

namespace {

constexpr std::string_view kCaller =
    "arn:aws:sts::123456789999:assumed-role/AWSReservedSSO_Dev_05a3861234567890/alice";
const std::string kRole = "arn:aws:iam::123456789999:role/AWSReservedSSO_Dev_05a3861234567890";

// GetCallerIdentity as STS answers it (query protocol: XML).
std::string StsReply() {
  return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
         "<GetCallerIdentityResult><Arn>" +
         std::string(kCaller) +
         "</Arn><UserId>AROA:alice</UserId><Account>123456789999</Account>"
         "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
         "</ResponseMetadata></GetCallerIdentityResponse>";
}

struct Tokens final : kube::NativeTokenSource {
  std::vector<kube::EksExec> asked;
  bool fail = false;
  kube::Credential Token(const kube::EksExec& exec) override {
    asked.push_back(exec);
    if (fail) throw Error("no credentials for profile dev");
    kube::Credential c;
    c.token = "k8s-aws-v1.profile";
    return c;
  }
};

// The cluster (aws-auth, bindings, SelfSubjectReview) and STS behind one transport.
struct Doctor {
  Fixture f;
  testing::TempDir home;
  FakeEnvironment env{{{"AWS_REGION", "us-east-2"}, {"AWS_EC2_METADATA_DISABLED", "true"}},
                      home.path().string()};
  testing::FakeProcessRunner processes;
  Tokens tokens;
  std::optional<kube::Connection> cluster;
  nlohmann::json bindings = nlohmann::json::array();
  long review_status = 201;
  std::string review_token;  // the bearer the review was sent with

  Doctor() {
    std::filesystem::create_directories(home.path() / ".aws");
    std::ofstream(home.path() / ".aws" / "credentials")
        << "[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n";
    f.transport.handler = [this](const net::Request& r) {
      if (r.url.find("sts.") != std::string::npos) return net::Response{200, {}, StsReply()};
      if (r.url.find("eks.") != std::string::npos && r.url.ends_with("/clusters/dev"))
        return net::Response{200,
                             {},
                             R"({"cluster":{"name":"dev","endpoint":"https://api.test",)"
                             R"("arn":"arn:aws:eks:us-east-2:123456789999:cluster/dev"}})"};
      if (r.url.find("selfsubjectreviews") != std::string::npos) {
        review_token = f.transport.HeaderOf(f.transport.requests.size() - 1, "Authorization");
        if (review_status != 201)
          return net::Response{
              review_status, {}, testing::ApiStatus(review_status, "Unauthorized").dump()};
        nlohmann::json reply = {
            {"status",
             {{"userInfo",
               {{"username", "sso:Dev:alice"}, {"groups", {"dev", "system:authenticated"}}}}}}};
        return net::Response{201, {}, reply.dump()};
      }
      if (r.url.find("clusterrolebindings") != std::string::npos)
        return net::Response{200, {}, nlohmann::json{{"items", bindings}}.dump()};
      if (r.url.find("rolebindings") != std::string::npos)
        return net::Response{200, {}, R"({"items":[]})"};
      return f.api.Handle(r);
    };
  }

  ops::DoctorReport Run(const std::string& cluster_name = "dev") {
    ops::DoctorSeams seams{
        {env, f.transport, processes, SystemClock(), nullptr},
        [this]() -> kube::Connection& {
          if (!cluster) {
            kube::ClientSettings settings;
            settings.endpoint.server = "https://api.test";
            kube::ResolvedContext context;
            context.name = "admin@dev";
            context.cluster.server = "https://api.test";
            cluster.emplace(kube::Connection{
                context,
                kube::Client(settings, f.transport,
                             std::make_unique<kube::StaticCredentialSource>(testing::Bearer()))});
          }
          return *cluster;
        },
        tokens,
        f.transport,
        [](const std::string&) -> std::optional<std::string> { return {}; }};
    return ops::Doctor({"dev", "us-east-2", cluster_name, "dev", {}}, seams);
  }
};

std::vector<std::string> Statuses(const ops::DoctorReport& report) {
  std::vector<std::string> out;
  for (const auto& c : report.checks) out.push_back(c.name + "=" + ops::StatusName(c.status));
  return out;
}

}  // namespace

TEST_CASE("Doctor: every step passes for a mapped, bound identity that signs in") {
  Doctor d;
  d.f.api.Set({{"mapRoles", "- rolearn: " + kRole +
                                "\n  username: sso:Dev:{{SessionName}}\n  "
                                "groups:\n    - dev\n"}});
  d.bindings.push_back({{"metadata", {{"name", "dev-edit"}}},
                        {"roleRef", {{"kind", "ClusterRole"}, {"name", "edit"}}},
                        {"subjects", {{{"kind", "Group"}, {"name", "dev"}}}}});
  const auto report = d.Run();
  CHECK(Statuses(report) == std::vector<std::string>{"credentials=ok", "aws-auth-arn=ok",
                                                     "eks-cluster=ok", "aws-auth=ok", "mapping=ok",
                                                     "permissions=ok", "sign-in=ok"});
  CHECK(!report.Failed());
  CHECK(report.arn == std::string(kCaller));
  CHECK(report.aws_auth_arn == kRole);
  CHECK(report.context == "admin@dev");
  CHECK(
      report.checks.back().message ==
      "cluster dev signs the profile in as user sso:Dev:alice, groups [dev, system:authenticated]");
  // The sign-in is the profile's own token, not the context's.
  CHECK(d.review_token == "Bearer k8s-aws-v1.profile");
  REQUIRE(d.tokens.asked.size() == 1);
  CHECK(d.tokens.asked[0].cluster_id == "dev");
  CHECK(d.tokens.asked[0].profile == "dev");
}

TEST_CASE("Doctor: not mapped skips the permissions; a refused token fails the sign-in") {
  Doctor d;
  d.f.api.Set({{"mapRoles", ""}});
  d.review_status = 401;
  const auto report = d.Run();
  CHECK(Statuses(report) == std::vector<std::string>{
                                "credentials=ok", "aws-auth-arn=ok", "eks-cluster=ok",
                                "aws-auth=ok", "mapping=FAIL", "permissions=skip", "sign-in=FAIL"});
  CHECK(report.checks.back().fix == "map the identity first (see the mapping fix above)");
  CHECK(report.Failed());
}

TEST_CASE("Doctor: no aws-auth warns; no cluster name skips the sign-in") {
  Doctor d;
  const auto report = d.Run("");
  CHECK(Statuses(report) == std::vector<std::string>{"credentials=ok", "aws-auth-arn=ok",
                                                     "eks-cluster=skip", "aws-auth=warn",
                                                     "mapping=skip", "permissions=skip",
                                                     "sign-in=skip"});
  CHECK(d.tokens.asked.empty());
}

TEST_CASE(
    "Doctor: without credentials every later step is skipped, nothing is asked of the cluster") {
  Doctor d;
  std::filesystem::remove(d.home.path() / ".aws" / "credentials");
  const auto report = d.Run();
  CHECK(Statuses(report) == std::vector<std::string>{"credentials=FAIL", "aws-auth-arn=skip",
                                                     "aws-auth=skip", "mapping=skip",
                                                     "permissions=skip", "sign-in=skip"});
  CHECK(!d.cluster);
}

TEST_CASE("EksClusterName: the flag, the context's EKS exec, then an EKS ARN name") {
  kube::ResolvedContext context;
  context.name = "arn:aws:eks:us-east-2:123456789999:cluster/prod";
  CHECK(ops::EksClusterName("x", context) == "x");
  CHECK(ops::EksClusterName("", context) == "prod");
  context.name = "plain";
  CHECK(ops::EksClusterName("", context).empty());
}
