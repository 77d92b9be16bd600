// ops::Add and ops::Remove, the use cases behind `add` and `remove` on a live cluster, through
// the recording fake transport and a fake API server.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "fake_api.hpp"
#include "ops/change.hpp"

using namespace ssomap;
using testing::Fixture;

namespace {

const std::string& kNode = testing::kNodeEntry;
const std::string& kDev = testing::kDevRole;

// Every request as "METHOD path" (no host, no query).
std::vector<std::string> Calls(const testing::FakeTransport& t) {
  std::vector<std::string> out;
  for (const auto& r : t.requests) {
    auto path = r.url.substr(r.url.find('/', 8));
    path = path.substr(0, path.find('?'));
    out.push_back(r.method + " " + path);
  }
  return out;
}

// The fake API server, plus RBAC objects that are created (201) as asked.
void WithRbac(Fixture& f) {
  f.transport.handler = [&f](const net::Request& r) {
    if (r.url.find("rbac.authorization.k8s.io") != std::string::npos)
      return net::Response{201, {}, r.body};
    return f.api.Handle(r);
  };
}

ops::AddRequest AddDev(std::vector<std::string> groups) {
  ops::AddRequest request;
  request.identity = aws::AwsAuthForm(kDev);
  request.grant.groups = std::move(groups);
  return request;
}

const std::string kCm = "/api/v1/namespaces/kube-system/configmaps/aws-auth";

}  // namespace

TEST_CASE("Add maps the identity and returns the plan it applied") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  const auto result = ops::Add(AddDev({"dev"}), f.Seams());
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});
  CHECK(result.write.plan.action == ops::MappingPlan::Action::kAdd);
  CHECK(result.write.plan.mapping.groups == std::vector<std::string>{"dev"});
  CHECK(result.write.written);
  CHECK(!result.view);
  const auto stored = (*f.api.stored)["data"]["mapRoles"].get<std::string>();
  CHECK(stored.find("rolearn: " + kDev) != std::string::npos);
  CHECK(stored == result.write.plan.data.at("mapRoles"));
}

// Regression: `add --view` read aws-auth three times (validate, plan, read back) and planned twice.
TEST_CASE("add --view plans once on the first read, then creates RBAC, then writes that plan") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  WithRbac(f);
  auto request = AddDev({});
  request.view = ops::ViewAccessFor("dev");
  const auto result = ops::Add(request, f.Seams());
  CHECK(Calls(f.transport) ==
        std::vector<std::string>{
            "GET " + kCm, "POST /apis/rbac.authorization.k8s.io/v1/namespaces/dev/rolebindings",
            "PUT " + kCm, "GET " + kCm});
  REQUIRE(result.view);
  CHECK(result.view->ensured);
  // Regression (issue 10 §4): --view bound a Role of our own limited to the core group; it binds
  // Kubernetes' built-in `view` ClusterRole (apps, batch, networking…, never Secrets).
  CHECK(result.view->result.binding.created);
  CHECK(result.view->result.binding.object["roleRef"]["kind"] == "ClusterRole");
  CHECK(result.view->result.binding.object["roleRef"]["name"] == "view");
  CHECK(result.write.plan.mapping.groups == std::vector<std::string>{"ssomap:view:dev"});
  CHECK(result.write.attempts == 1);
}

TEST_CASE("add --view: a refused mapping creates nothing; a client dry run asks nothing of RBAC") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode + "- rolearn: " + kDev + "\n  username: x\n  groups:\n    - y\n"}});
  WithRbac(f);
  auto request = AddDev({});
  request.view = ops::ViewAccessFor("");
  CHECK_THROWS_WITH_AS(ops::Add(request, f.Seams()), doctest::Contains("is already mapped"), Error);
  CHECK(Calls(f.transport) == std::vector<std::string>{"GET " + kCm});

  f.api.Set({{"mapRoles", kNode}});
  f.transport.requests.clear();
  request.dry_run = ops::DryRunMode::kClient;
  const auto result = ops::Add(request, f.Seams());
  CHECK(Calls(f.transport) == std::vector<std::string>{"GET " + kCm});
  REQUIRE(result.view);
  CHECK(!result.view->ensured);
  CHECK(result.write.after.at("mapRoles").find(kDev) != std::string::npos);
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
}

TEST_CASE("add --view --dry-run=server sends the RBAC objects with dryRun=All") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode}});
  WithRbac(f);
  auto request = AddDev({});
  request.view = ops::ViewAccessFor("");
  request.dry_run = ops::DryRunMode::kServer;
  const auto result = ops::Add(request, f.Seams());
  REQUIRE(result.view);
  CHECK(result.view->dry_run == kube::DryRun::kAll);
  for (const auto& r : f.transport.requests) {
    if (r.method != "GET") CHECK(r.url.find("dryRun=All") != std::string::npos);
  }
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
}

TEST_CASE("Remove drops the entry and confirms one entry fewer; node roles are refused") {
  Fixture f;
  f.api.Set({{"mapRoles", kNode + "- rolearn: " + kDev + "\n  username: d\n  groups:\n    - g\n"}});
  const auto result =
      ops::Remove({aws::AwsAuthForm(kDev), kDev, ops::DryRunMode::kNone}, f.Seams());
  CHECK(result.write.plan.action == ops::MappingPlan::Action::kRemove);
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
  CHECK(f.api.log == std::vector<std::string>{"GET", "PUT rv=101", "GET"});

  const auto node = aws::AwsAuthForm("arn:aws:iam::123456789999:role/node");
  try {
    ops::Remove({node, "", ops::DryRunMode::kNone}, f.Seams());
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
  }
  CHECK((*f.api.stored)["data"]["mapRoles"] == kNode);
}
