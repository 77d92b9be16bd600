#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/environment.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "kube/connect.hpp"
#include "kube/context.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/kubeconfig_loader.hpp"

using namespace ssomap;
using namespace ssomap::kube;

namespace {

constexpr const char* kBasic = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster:
    server: https://dev.example:6443
    certificate-authority: ca/dev.crt
    tls-server-name: api.dev
    proxy-url: http://proxy:3128
users:
- name: alice
  user:
    tokenFile: ../tokens/alice
    client-certificate: /abs/cert.pem
    client-key: key.pem
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-2, eks, get-token, --cluster-name, dev]
      env:
      - {name: AWS_PROFILE, value: dev-sso}
- name: local
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/cred
      interactiveMode: Never
      provideClusterInfo: true
contexts:
- name: dev
  context: {cluster: dev, user: alice, namespace: team}
- name: eks
  context: {cluster: dev, user: eks}
)";

std::string ErrorOf(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

/// An in-memory file system for the loader.
FileReader Files(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("ParseKubeconfig reads clusters, users and contexts and resolves relative paths") {
  auto c = ParseKubeconfig(kBasic, "/home/u/.kube/config");
  REQUIRE(c.clusters.count("dev"));
  const auto& dev = c.clusters.at("dev");
  CHECK(dev.server == "https://dev.example:6443");
  CHECK(dev.certificate_authority == "/home/u/.kube/ca/dev.crt");
  CHECK(dev.tls_server_name == "api.dev");
  CHECK(dev.proxy_url == "http://proxy:3128");
  CHECK(dev.origin == "/home/u/.kube/config");
  const auto& alice = c.users.at("alice");
  CHECK(alice.token_file == "/home/u/tokens/alice");
  CHECK(alice.client_certificate == "/abs/cert.pem");
  CHECK(alice.client_key == "/home/u/.kube/key.pem");
  const auto& eks = c.users.at("eks");
  REQUIRE(eks.exec);
  CHECK(eks.exec->command == "aws");  // no '/': looked up on PATH, never resolved
  CHECK(eks.exec->args.size() == 6);
  CHECK(eks.exec->EnvValue("AWS_PROFILE") == "dev-sso");
  CHECK(eks.exec->interactive_mode == InteractiveMode::kIfAvailable);
  const auto& local = c.users.at("local");
  CHECK(local.exec->command == "/home/u/.kube/bin/cred");
  CHECK(local.exec->interactive_mode == InteractiveMode::kNever);
  CHECK(local.exec->provide_cluster_info);
  CHECK(c.contexts.at("dev").namespace_ == "team");
  CHECK(c.current_context == "dev");
}

TEST_CASE("ParseKubeconfig names the file and the line of what is wrong") {
  struct Case {
    const char* name;
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"bad yaml", "clusters:\n- name: a\n  cluster: {server: [\n", "kubeconfig /k: line "},
      {"top-level list", "- a\n- b\n", "not a kubeconfig"},
      {"clusters not a list", "clusters: {a: b}\n", "'clusters' must be a list"},
      {"entry without name", "users:\n- user: {token: x}\n", "an entry of 'users' has no name"},
      {"duplicate", "contexts:\n- name: a\n  context: {}\n- name: a\n  context: {}\n",
       "duplicate name 'a'"},
      {"exec without command",
       "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1}\n",
       "exec has no command"},
      {"exec without apiVersion", "users:\n- name: u\n  user:\n    exec: {command: aws}\n",
       "exec has no apiVersion"},
      {"bad interactiveMode",
       "users:\n- name: u\n  user:\n    exec: {command: a, apiVersion: v, interactiveMode: "
       "Sometimes}\n",
       "interactiveMode 'Sometimes'"},
      {"bad bool", "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: maybe}\n",
       "must be true or false"},
      {"env without name",
       "users:\n- name: u\n  user:\n    exec: {command: a, apiVersion: v, env: [{value: x}]}\n",
       "env entry without a name"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto message = ErrorOf([&] { ParseKubeconfig(c.text, "/k"); });
    CHECK(message.find("kubeconfig /k") == 0);
    CHECK(message.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("An empty kubeconfig file is an empty config") {
  auto c = ParseKubeconfig("", "/k");
  CHECK(c.contexts.empty());
  CHECK(c.files.size() == 1);
}

TEST_CASE("Merge: the first file to define a name wins the whole entry, and current-context") {
  auto a = ParseKubeconfig(
      "current-context: ''\nclusters:\n- name: c\n  cluster: {server: https://a}\n"
      "users:\n- name: u\n  user: {token: from-a}\n",
      "/a");
  auto b = ParseKubeconfig(
      "current-context: ctx-b\nclusters:\n- name: c\n  cluster: {server: https://b, "
      "tls-server-name: b}\n"
      "- name: only-b\n  cluster: {server: https://b2}\n"
      "users:\n- name: u\n  user: {token: from-b, client-key: k}\n",
      "/b");
  auto c = ParseKubeconfig("current-context: ctx-c\n", "/c");
  auto m = MergeKubeconfigs({a, b, c});
  CHECK(m.clusters.at("c").server == "https://a");
  CHECK(m.clusters.at("c").tls_server_name.empty());  // fields of a later entry are not mixed in
  CHECK(m.clusters.at("only-b").server == "https://b2");
  CHECK(m.users.at("u").token == "from-a");
  CHECK(m.users.at("u").client_key.empty());
  CHECK(m.current_context == "ctx-b");
  CHECK(m.files == std::vector<std::string>{"/a", "/b", "/c"});
}

TEST_CASE(
    "KubeconfigPaths: --kubeconfig alone, else KUBECONFIG without empties and duplicates, else "
    "~/.kube/config") {
  struct Case {
    const char* name;
    std::string explicit_path;
    std::optional<std::string> kubeconfig;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"explicit", "/x", "/a:/b", {"/x"}},
      {"explicit with ~", "~/k", std::nullopt, {"/home/test/k"}},
      {"list", "", "/a::/b:/a:/c", {"/a", "/b", "/c"}},
      {"unset", "", std::nullopt, {"/home/test/.kube/config"}},
      {"empty", "", "", {"/home/test/.kube/config"}},
      {"only colons", "", ":::", {"/home/test/.kube/config"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    std::map<std::string, std::string> vars;
    if (c.kubeconfig) vars["KUBECONFIG"] = *c.kubeconfig;
    FakeEnvironment env(vars);
    CHECK(KubeconfigPaths(c.explicit_path, env) == c.expected);
  }
}

TEST_CASE("LoadKubeconfig skips missing list entries but not a missing --kubeconfig") {
  FakeEnvironment env(std::map<std::string, std::string>{{"KUBECONFIG", "/missing:/a:/b"}});
  auto read = Files({{"/a", "current-context: x\n"}, {"/b", "current-context: y\n"}});
  auto c = LoadKubeconfig("", env, read);
  CHECK(c.current_context == "x");
  CHECK(c.files == std::vector<std::string>{"/a", "/b"});

  CHECK(ErrorOf([&] {
          LoadKubeconfig("/missing", env, read);
        }).find("/missing (from --kubeconfig) does not exist") != std::string::npos);
  FakeEnvironment none(std::map<std::string, std::string>{{"KUBECONFIG", "/m1:/m2"}});
  CHECK(ErrorOf([&] { LoadKubeconfig("", none, read); }) ==
        "no kubeconfig found (looked at /m1, /m2)");
}

TEST_CASE("ResolveContext: namespace is -n, then the context's, then default") {
  auto c = ParseKubeconfig(kBasic, "/k");
  struct Case {
    std::string context, ns, expected_ctx, expected_ns;
  };
  const Case cases[] = {
      {"", "", "dev", "team"},
      {"", "override", "dev", "override"},
      {"eks", "", "eks", "default"},
      {"eks", "x", "eks", "x"},
  };
  for (const auto& t : cases) {
    auto r = ResolveContext(c, t.context, t.ns);
    CHECK(r.name == t.expected_ctx);
    CHECK(r.namespace_ == t.expected_ns);
    CHECK(r.cluster.name == "dev");
  }
  CHECK(ResolveContext(c, "eks", "").Identity() == "context 'eks' (user 'eks')");
}

TEST_CASE("ResolveContext errors name the file and point at kubectl config get-contexts") {
  auto good = ParseKubeconfig(kBasic, "/k");
  auto no_current = ParseKubeconfig("contexts:\n- name: a\n  context: {cluster: c}\n", "/k");
  auto no_cluster =
      ParseKubeconfig("contexts:\n- name: a\n  context: {cluster: nope, user: u}\n", "/k");
  auto no_user = ParseKubeconfig(
      "clusters:\n- name: c\n  cluster: {server: https://c}\ncontexts:\n- name: a\n  context: "
      "{cluster: c, user: ghost}\n",
      "/k");
  auto no_server = ParseKubeconfig(
      "clusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: a\n  context: {cluster: c}\n", "/k");
  struct Case {
    const Kubeconfig* config;
    const char* context;
    const char* expected;
  };
  const Case cases[] = {
      {&good, "missing", "kubeconfig /k: context 'missing' not found"},
      {&no_current, "", "kubeconfig /k: no current context is set"},
      {&no_cluster, "a",
       "kubeconfig /k: context 'a' refers to cluster 'nope', which is not defined"},
      {&no_user, "a", "kubeconfig /k: context 'a' refers to user 'ghost', which is not defined"},
      {&no_server, "a", "kubeconfig /k: cluster 'c' has no server"},
  };
  for (const auto& t : cases) {
    CAPTURE(t.expected);
    try {
      ResolveContext(*t.config, t.context, "");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == t.expected);
      CHECK(!e.hint().empty());
    }
  }
}

// Issue 11 §5: a 684-byte kubeconfig with a YAML alias bomb in an exec extension used unbounded
// memory and aborted with std::bad_alloc; kubectl refuses it.
TEST_CASE("ParseKubeconfig refuses a YAML alias bomb in an exec extension") {
  std::string text =
      "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
      "https://127.0.0.1:1\n    extensions:\n    - name: client.authentication.k8s.io/exec\n"
      "      extension:\n        a: &a [x,x,x,x,x,x,x,x,x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char p = static_cast<char>(c - 1);
    text += std::string("        ") + c + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + p;
    text += "]\n";
  }
  try {
    ParseKubeconfig(text, "/k/config");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("kubeconfig /k/config: YAML aliases expand") == 0);
  }
}
