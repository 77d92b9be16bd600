#include <doctest/doctest.h>

#include <memory>

#include "core/error.hpp"
#include "fake_transport.hpp"
#include "kube/api_error.hpp"
#include "kube/client.hpp"
#include "kube/configmap.hpp"
#include "kube/paths.hpp"
#include "kube/rbac.hpp"
#include "net/transport_error.hpp"

using namespace ssomap;
using namespace ssomap::kube;

namespace {

const RequestInfo kInfo{"GET", "/api/v1/namespaces/kube-system/configmaps/aws-auth",
                        "https://api.dev", "context 'sso-user' (user 'sso')"};

/// A source that counts fetches and can be refreshed.
struct CountingSource final : CredentialSource {
  int fetches = 0;
  bool refreshable = true;
  Credential Get(bool) override {
    Credential c;
    c.token = "tok" + std::to_string(++fetches);
    return c;
  }
  bool Refreshable() const override { return refreshable; }
};

struct Fixture {
  testing::FakeTransport transport;
  CountingSource* source = nullptr;
  std::unique_ptr<Client> client;

  explicit Fixture(bool refreshable = true) {
    auto s = std::make_unique<CountingSource>();
    s->refreshable = refreshable;
    source = s.get();
    ClientSettings settings;
    settings.endpoint.server = "https://api.dev";
    settings.endpoint.tls.ca_pem = "CA";
    settings.identity = "context 'sso-user' (user 'sso')";
    settings.timeout = std::chrono::milliseconds(2500);
    client = std::make_unique<Client>(settings, transport, std::move(s));
  }
};

std::string Status(long code, const std::string& reason, const std::string& message) {
  return nlohmann::json{
      {"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
      {"status", "Failure"}, {"message", message}, {"reason", reason},
      {"code", code}}
      .dump();
}

}  // namespace

TEST_CASE("Status objects become typed, one-line errors") {
  struct Case {
    long code;
    std::string body;
    const char* reason;
    const char* message;
    Exit exit;
    bool has_hint;
  };
  const Case cases[] = {
      {404, Status(404, "NotFound", "configmaps \"aws-auth\" not found"), "NotFound",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: configmaps \"aws-auth\" not found "
       "(NotFound)",
       Exit::kError, false},
      {401, Status(401, "Unauthorized", "Unauthorized"), "Unauthorized",
       "the API server https://api.dev rejected the credentials of context 'sso-user' (user "
       "'sso'): Unauthorized",
       Exit::kAuth, true},
      {403,
       Status(403, "Forbidden",
              "configmaps \"aws-auth\" is forbidden: User \"bob\" cannot get resource "
              "\"configmaps\" in API group \"\" in the namespace \"kube-system\""),
       "Forbidden",
       "configmaps \"aws-auth\" is forbidden: User \"bob\" cannot get resource \"configmaps\" in "
       "API group \"\" in the namespace \"kube-system\"",
       Exit::kAuth, true},
      {409,
       Status(409, "Conflict",
              "Operation cannot be fulfilled on configmaps \"aws-auth\": the object has been "
              "modified"),
       "Conflict",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: Operation cannot be fulfilled on "
       "configmaps \"aws-auth\": the object has been modified (Conflict)",
       Exit::kError, false},
      {409, Status(409, "AlreadyExists", "configmaps \"aws-auth\" already exists"), "AlreadyExists",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: configmaps \"aws-auth\" already "
       "exists (AlreadyExists)",
       Exit::kError, false},
      {422, Status(422, "Invalid", "ConfigMap \"x\" is invalid:\n data: Invalid value"), "Invalid",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: ConfigMap \"x\" is invalid: data: "
       "Invalid value (Invalid)",
       Exit::kError, false},
      {500, Status(500, "InternalError", "etcd is sad"), "InternalError",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: etcd is sad (InternalError)",
       Exit::kError, true},
      {403, "", "Forbidden",
       "/api/v1/namespaces/kube-system/configmaps/aws-auth is forbidden: context 'sso-user' (user "
       "'sso') cannot get it (HTTP 403)",
       Exit::kAuth, true},
      {502, "<html>\nBad Gateway</html>", "Unknown",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: HTTP 502 with a non-Status body "
       "'<html> Bad Gateway</html>' (Unknown)",
       Exit::kError, true},
      {503, "{\"kind\":\"Status\"", "ServiceUnavailable",
       "GET /api/v1/namespaces/kube-system/configmaps/aws-auth: HTTP 503 with a non-Status body "
       "'{\"kind\":\"Status\"' (ServiceUnavailable)",
       Exit::kError, true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto e = ErrorFromResponse(net::Response{c.code, {}, c.body}, kInfo);
    CHECK(e.code() == c.code);
    CHECK(e.reason() == c.reason);
    CHECK(std::string(e.what()) == c.message);
    CHECK(e.exit() == c.exit);
    CHECK(e.hint().empty() != c.has_hint);
  }
  auto throttled = ErrorFromResponse(
      net::Response{429, {{"retry-after", "7"}}, Status(429, "TooManyRequests", "slow down")},
      kInfo);
  CHECK(throttled.retry_after_seconds() == 7);
  CHECK(
      ErrorFromResponse(net::Response{404, {}, Status(404, "NotFound", "x")}, kInfo).IsNotFound());
}

TEST_CASE("Client sends JSON with the credentials and TLS set up once") {
  Fixture f;
  f.transport.Reply(200, R"({"kind":"ConfigMap"})");
  auto j = f.client->Get("/api/v1/namespaces/default/configmaps/x");
  CHECK(j["kind"] == "ConfigMap");
  REQUIRE(f.transport.requests.size() == 1);
  const auto& r = f.transport.requests[0];
  CHECK(r.method == "GET");
  CHECK(r.url == "https://api.dev/api/v1/namespaces/default/configmaps/x");
  CHECK(r.tls.ca_pem == "CA");
  CHECK_FALSE(r.tls.insecure_skip_verify);
  CHECK(r.timeout == std::chrono::milliseconds(2500));
  CHECK(f.transport.HeaderOf(0, "authorization") == "Bearer tok1");
  CHECK(f.transport.HeaderOf(0, "accept") == "application/json");
}

TEST_CASE("Client writes carry dryRun=All and the field manager") {
  Fixture f;
  f.transport.handler = [](const net::Request& r) {
    return net::Response{r.method == "POST" ? 201 : 200, {}, r.body};
  };
  f.client->Create("/api/v1/namespaces/ns/configmaps", {{"kind", "ConfigMap"}}, DryRun::kAll);
  f.client->Update("/api/v1/namespaces/ns/configmaps/x", {{"kind", "ConfigMap"}});
  f.client->Update("/api/v1/namespaces/ns/configmaps/x?pretty=1", {{"data", {{"a", "b"}}}},
                   DryRun::kAll);
  CHECK(f.transport.requests[0].url ==
        "https://api.dev/api/v1/namespaces/ns/configmaps?dryRun=All&fieldManager=kubectl-ssomap");
  CHECK(f.transport.requests[1].url ==
        "https://api.dev/api/v1/namespaces/ns/configmaps/x?fieldManager=kubectl-ssomap");
  CHECK(f.transport.requests[1].method == "PUT");
  CHECK(f.transport.requests[2].url ==
        "https://api.dev/api/v1/namespaces/ns/configmaps/"
        "x?pretty=1&dryRun=All&fieldManager=kubectl-ssomap");
  CHECK(f.transport.HeaderOf(2, "content-type") == "application/json");
  CHECK(f.transport.HeaderOf(0, "content-type") == "application/json");
}

TEST_CASE("Client refreshes refreshable credentials once on 401") {
  Fixture f;
  f.transport.Reply(401, Status(401, "Unauthorized", "Unauthorized")).Reply(200, "{}");
  CHECK(f.client->Get("/x").is_object());
  CHECK(f.transport.HeaderOf(1, "authorization") == "Bearer tok2");

  Fixture twice;
  twice.transport.Reply(401, "").Reply(401, "");
  CHECK_THROWS_AS(twice.client->Get("/x"), ApiError);
  CHECK(twice.transport.requests.size() == 2);

  Fixture fixed(false);
  fixed.transport.Reply(401, "");
  CHECK_THROWS_AS(fixed.client->Get("/x"), ApiError);
  CHECK(fixed.transport.requests.size() == 1);
}

TEST_CASE("Client turns bad replies and connection failures into clear errors") {
  struct Case {
    const char* body;
    const char* expected;
  };
  for (auto c : {Case{"<html>ok</html>",
                      "the API server's reply is not JSON (or was cut short): '<html>ok</html>'"},
                 Case{"{\"kind\":\"ConfigMap\",\"da",
                      "the API server's reply is not JSON (or was cut short)"}}) {
    Fixture f;
    f.transport.Reply(200, c.body);
    try {
      f.client->Get("/x");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(c.expected) != std::string::npos);
    }
  }
  Fixture f;
  f.transport.Reply(200, "");
  CHECK(f.client->Get("/x").is_null());
  f.transport.Fail(net::FailureKind::kConnect, "cannot connect to 127.0.0.1:1: Connection refused");
  try {
    f.client->Get("/version");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "GET /version (https://api.dev): cannot connect to 127.0.0.1:1: Connection refused");
    CHECK(!e.hint().empty());
  }
}

TEST_CASE("ConfigMap helpers: 404 is nullopt, updates are conditional and keep other fields") {
  Fixture f;
  f.transport.Reply(404, Status(404, "NotFound", "configmaps \"aws-auth\" not found"));
  CHECK_FALSE(GetConfigMap(*f.client, "kube-system", "aws-auth").has_value());

  nlohmann::json stored = {{"apiVersion", "v1"},
                           {"kind", "ConfigMap"},
                           {"metadata",
                            {{"name", "aws-auth"},
                             {"namespace", "kube-system"},
                             {"resourceVersion", "41"},
                             {"labels", {{"a", "b"}}},
                             {"managedFields", nlohmann::json::array()}}},
                           {"data", {{"mapRoles", "- rolearn: x\n"}}},
                           {"binaryData", {{"blob", "AAAA"}}}};
  f.transport.Reply(200, stored.dump());
  auto cm = GetConfigMap(*f.client, "kube-system", "aws-auth");
  REQUIRE(cm);
  CHECK(cm->resource_version == "41");
  CHECK(cm->data.at("mapRoles") == "- rolearn: x\n");

  cm->data["mapRoles"] += "- rolearn: y\n";
  f.transport.handler = [](const net::Request& r) {
    auto body = nlohmann::json::parse(r.body);
    body["metadata"]["resourceVersion"] = "42";
    return net::Response{200, {}, body.dump()};
  };
  auto updated = UpdateConfigMap(*f.client, *cm, DryRun::kNone);
  CHECK(updated.resource_version == "42");
  auto sent = nlohmann::json::parse(f.transport.requests.back().body);
  CHECK(f.transport.requests.back().method == "PUT");
  CHECK(sent["metadata"]["resourceVersion"] == "41");
  CHECK(sent["metadata"]["labels"]["a"] == "b");
  CHECK_FALSE(sent["metadata"].contains("managedFields"));
  CHECK(sent["binaryData"]["blob"] == "AAAA");
  CHECK(sent["data"]["mapRoles"] == "- rolearn: x\n- rolearn: y\n");

  cm->resource_version.clear();
  CHECK_THROWS_WITH_AS(UpdateConfigMap(*f.client, *cm),
                       doctest::Contains("without the resourceVersion"), Error);

  f.transport.Reply(409, Status(409, "Conflict", "the object has been modified"));
  cm->resource_version = "41";
  try {
    UpdateConfigMap(*f.client, *cm);
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(e.IsConflict());
  }
}

TEST_CASE("EnsureRoleBinding creates, or keeps and compares what exists") {
  Fixture f;
  f.transport.handler = [](const net::Request& r) { return net::Response{201, {}, r.body}; };
  auto created = EnsureRoleBinding(*f.client, "dev", "ssomap-view", "ClusterRole", "view",
                                   {{"Group", "ssomap:view"}});
  CHECK(created.created);
  CHECK(f.transport.requests[0].url.find(
            "/apis/rbac.authorization.k8s.io/v1/namespaces/dev/rolebindings?") !=
        std::string::npos);
  CHECK(created.object["kind"] == "RoleBinding");
  CHECK(created.object["roleRef"]["name"] == "view");

  auto existing = RoleBindingObject("dev", "ssomap-view", "ClusterRole", "view",
                                    {{"Group", "ssomap:view"}, {"User", "bob"}});
  f.transport
      .Reply(409, Status(409, "AlreadyExists",
                         "rolebindings.rbac.authorization.k8s.io \"ssomap-view\" already exists"))
      .Reply(200, existing.dump());
  auto kept = EnsureRoleBinding(*f.client, "dev", "ssomap-view", "ClusterRole", "view",
                                {{"Group", "ssomap:view"}});
  CHECK_FALSE(kept.created);
  CHECK(kept.matches);  // every subject asked for is there; others may be too
  CHECK(
      f.transport.requests.back().url ==
      "https://api.dev/apis/rbac.authorization.k8s.io/v1/namespaces/dev/rolebindings/ssomap-view");

  auto other = RoleBindingObject("", "b", "ClusterRole", "view", {{"Group", "someone-else"}});
  f.transport.Reply(409, Status(409, "AlreadyExists", "exists")).Reply(200, other.dump());
  auto binding =
      EnsureRoleBinding(*f.client, "", "b", "ClusterRole", "view", {{"Group", "ssomap:view"}});
  CHECK_FALSE(binding.created);
  CHECK_FALSE(binding.matches);
  CHECK(f.transport.requests.back().url ==
        "https://api.dev/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/b");

  CHECK_THROWS_AS(
      EnsureRoleBinding(*f.client, "dev", "../x", "ClusterRole", "view", {{"Group", "g"}}), Error);
  CHECK_THROWS_AS(ConfigMapPath("kube-system", "a/b"), Error);
}
