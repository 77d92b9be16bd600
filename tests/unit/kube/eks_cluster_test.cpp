// The EKS cluster behind a context: from the exec of `aws eks get-token` or
// `aws-iam-authenticator token`, flags winning; and the endpoint check that refuses a mismatch.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "kube/eks_cluster.hpp"

using namespace ssomap;

namespace {

kube::ResolvedContext WithExec(std::string command, std::vector<std::string> args,
                               std::vector<std::pair<std::string, std::string>> env = {}) {
  kube::ResolvedContext c;
  c.name = "sso-user@prod";
  c.cluster.server = "https://127.0.0.1:6443";
  kube::ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1beta1";
  exec.command = std::move(command);
  exec.args = std::move(args);
  exec.env = std::move(env);
  c.user.exec = exec;
  return c;
}

}  // namespace

TEST_CASE("cluster name and region from `aws eks get-token` as update-kubeconfig writes it") {
  auto ctx = WithExec(
      "aws",
      {"--region", "us-east-2", "eks", "get-token", "--cluster-name", "prod", "--output", "json"},
      {{"AWS_PROFILE", "prod-sso"}});
  auto ref = kube::FindEksCluster(ctx, "", "");
  CHECK(ref.name == "prod");
  CHECK(ref.region == "us-east-2");
  CHECK(ref.source == "the exec of context 'sso-user@prod'");
  auto flagged = kube::FindEksCluster(ctx, "other", "eu-west-1");
  CHECK(flagged.name == "other");
  CHECK(flagged.region == "eu-west-1");
  CHECK(flagged.source == "--cluster-name");
}

TEST_CASE("cluster id from `aws-iam-authenticator token -i`; region from the flag") {
  auto ctx = WithExec("aws-iam-authenticator", {"token", "-i", "staging"});
  auto ref = kube::FindEksCluster(ctx, "", "us-east-2");
  CHECK(ref.name == "staging");
  CHECK(ref.region == "us-east-2");
}

TEST_CASE("no EKS exec and no --cluster-name: a usage error saying what to pass") {
  kube::ResolvedContext ctx;
  ctx.name = "admin@prod";
  try {
    kube::FindEksCluster(ctx, "", "");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kUsage);
    CHECK(e.hint() == "pass --cluster-name NAME --region REGION");
  }
  CHECK(kube::FindEksCluster(ctx, "prod", "us-east-2").name == "prod");
}

TEST_CASE("endpoint check: same server despite case, default port and a trailing slash") {
  CHECK(kube::SameServer("https://ABC.gr7.us-east-2.eks.amazonaws.com",
                         "https://abc.gr7.us-east-2.eks.amazonaws.com:443/"));
  CHECK_FALSE(kube::SameServer("https://127.0.0.1:6443", "https://127.0.0.1:6444"));
  CHECK_FALSE(kube::SameServer("https://a.example", "http://a.example"));
  auto ctx = WithExec("aws", {"eks", "get-token", "--cluster-name", "prod"});
  CHECK_NOTHROW(kube::RequireSameServer({"prod", "", "x"}, "https://127.0.0.1:6443/", ctx));
  try {
    kube::RequireSameServer({"dev", "", "--cluster-name"}, "https://127.0.0.1:7443", ctx);
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
    CHECK(std::string(e.what()) ==
          "EKS cluster 'dev' (from --cluster-name) has endpoint https://127.0.0.1:7443, but "
          "context 'sso-user@prod' reaches https://127.0.0.1:6443: not the same cluster; "
          "nothing was changed");
  }
}
