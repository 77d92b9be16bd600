#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/timestamp.hpp"
#include "fake_process.hpp"
#include "kube/auth.hpp"
#include "kube/eks_exec.hpp"
#include "kube/exec_plugin.hpp"

using namespace ssomap;
using namespace ssomap::kube;
using namespace std::chrono_literals;

namespace {

constexpr const char* kV1 = "client.authentication.k8s.io/v1";
constexpr const char* kV1beta1 = "client.authentication.k8s.io/v1beta1";

User ExecUser(std::string api_version = kV1beta1, std::string command = "aws") {
  User u;
  u.name = "sso";
  u.origin = "/k";
  ExecConfig e;
  e.api_version = std::move(api_version);
  e.command = std::move(command);
  e.args = {"--region",       "us-east-2", "eks",      "get-token",
            "--cluster-name", "dev",       "--output", "json"};
  e.env = {{"AWS_PROFILE", "test-profile"}};
  e.install_hint = "install the AWS CLI: https://aws.amazon.com/cli/\n";
  u.exec = e;
  return u;
}

Cluster MakeCluster() {
  Cluster c;
  c.name = "dev";
  c.server = "https://api.dev";
  return c;
}

std::string Reply(const std::string& api_version, const std::string& status) {
  return R"({"kind":"ExecCredential","apiVersion":")" + api_version + R"(","spec":{},"status":)" +
         status + "}";
}

std::string ErrorOf(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

struct FixedClock {
  TimePoint now = *timestamp::ParseRfc3339("2026-01-01T00:00:00Z");
  Clock clock() {
    return [this] { return now; };
  }
};

}  // namespace

TEST_CASE(
    "ExecInfo is an ExecCredential of the configured version, with spec.cluster only when asked") {
  auto u = ExecUser(kV1);
  auto info = ExecInfo(*u.exec, MakeCluster(), "PEM", false);
  CHECK(info == std::string(R"({"kind":"ExecCredential","apiVersion":")") + kV1 +
                    R"(","spec":{"interactive":false}})" + "\n");
  u.exec->provide_cluster_info = true;
  auto cluster = MakeCluster();
  cluster.tls_server_name = "api.internal";
  cluster.exec_extension = nlohmann::json{{"audience", "x"}};
  auto j = nlohmann::json::parse(ExecInfo(*u.exec, cluster, "PEM", true));
  CHECK(j["spec"]["interactive"] == true);
  CHECK(j["spec"]["cluster"]["server"] == "https://api.dev");
  CHECK(j["spec"]["cluster"]["tls-server-name"] == "api.internal");
  CHECK(j["spec"]["cluster"]["certificate-authority-data"] == "UEVN");
  CHECK(j["spec"]["cluster"]["config"]["audience"] == "x");
}

TEST_CASE("ExecInteractive follows interactiveMode and the terminal") {
  struct Case {
    InteractiveMode mode;
    bool tty;
    bool expected;
  };
  for (auto c :
       {Case{InteractiveMode::kNever, true, false}, Case{InteractiveMode::kNever, false, false},
        Case{InteractiveMode::kIfAvailable, true, true},
        Case{InteractiveMode::kIfAvailable, false, false},
        Case{InteractiveMode::kAlways, true, true}}) {
    auto u = ExecUser();
    u.exec->interactive_mode = c.mode;
    CHECK(ExecInteractive(*u.exec, c.tty, u) == c.expected);
  }
  auto u = ExecUser();
  u.exec->interactive_mode = InteractiveMode::kAlways;
  CHECK(ErrorOf([&] {
          ExecInteractive(*u.exec, false, u);
        }).find("standard input is not a terminal") != std::string::npos);
}

TEST_CASE("ExecRequest passes args, env and KUBERNETES_EXEC_INFO; stderr goes through") {
  auto u = ExecUser();
  auto r = ExecRequest(*u.exec, "INFO", false);
  CHECK(r.argv.front() == "aws");
  CHECK(r.argv.size() == 9);
  CHECK(r.env.at("AWS_PROFILE") == "test-profile");
  CHECK(r.env.at("KUBERNETES_EXEC_INFO") == "INFO");
  CHECK_FALSE(r.capture_stderr);
  CHECK_FALSE(r.inherit_stdin);
  CHECK(ExecRequest(*u.exec, "INFO", true).inherit_stdin);
}

TEST_CASE("ParseExecCredential accepts tokens and certificates of the same version") {
  for (const char* version : {kV1, kV1beta1}) {
    auto u = ExecUser(version);
    auto c = ParseExecCredential(
        *u.exec,
        Reply(version,
              R"({"token":"k8s-aws-v1.abc","expirationTimestamp":"2026-01-01T00:14:00Z"})"),
        u);
    CHECK(c.token == "k8s-aws-v1.abc");
    REQUIRE(c.expiry);
    CHECK(timestamp::FormatRfc3339(*c.expiry) == "2026-01-01T00:14:00Z");
    auto certs = ParseExecCredential(
        *u.exec, Reply(version, R"({"clientCertificateData":"C","clientKeyData":"K"})"), u);
    CHECK(certs.client_cert_pem == "C");
    CHECK_FALSE(certs.expiry);
  }
}

TEST_CASE("ParseExecCredential rejects bad output with a reason") {
  auto u = ExecUser(kV1);
  struct Case {
    std::string out;
    const char* expected;
  };
  const Case cases[] = {
      {"not json", "not an ExecCredential JSON object"},
      {R"({"kind":"Other","apiVersion":"client.authentication.k8s.io/v1"})",
       "not of kind ExecCredential"},
      {Reply(kV1beta1, R"({"token":"t"})"),
       "configured to use API version client.authentication.k8s.io/v1, but returned"},
      {R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1"})",
       "has no status"},
      {Reply(kV1, R"({"clientCertificateData":"C"})"), "only a certificate or a key"},
      {Reply(kV1, "{}"), "neither a token nor a certificate"},
      {Reply(kV1, R"({"token":"t","expirationTimestamp":"tomorrow"})"), "is not RFC 3339"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.out);
    auto m = ErrorOf([&] { ParseExecCredential(*u.exec, c.out, u); });
    CHECK(m.find("exec plugin 'aws' of user 'sso' (/k): ") == 0);
    CHECK(m.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("ExecCredentialSource caches until expiry, refreshes on demand, explains failures") {
  testing::FakeProcessRunner runner;
  FixedClock clock;
  auto u = ExecUser();
  ExecCredentialSource source(u, MakeCluster(), "", runner, clock.clock(), false);
  runner.Reply(0,
               Reply(kV1beta1, R"({"token":"one","expirationTimestamp":"2026-01-01T00:14:00Z"})"));
  runner.Reply(0,
               Reply(kV1beta1, R"({"token":"two","expirationTimestamp":"2026-01-01T00:30:00Z"})"));
  runner.Reply(0, Reply(kV1beta1, R"({"token":"three"})"));
  CHECK(source.Get(false).token == "one");
  CHECK(source.Get(false).token == "one");
  CHECK(runner.requests.size() == 1);
  clock.now += 15min;
  CHECK(source.Get(false).token == "two");
  CHECK(source.Get(true).token == "three");
  CHECK(runner.requests.size() == 3);
  CHECK(nlohmann::json::parse(runner.requests[0].env.at("KUBERNETES_EXEC_INFO"))["apiVersion"] ==
        kV1beta1);

  testing::FakeProcessRunner missing;
  missing.NotFound();
  ExecCredentialSource absent(u, MakeCluster(), "", missing, clock.clock(), false);
  try {
    absent.Get(false);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("the command was not found") != std::string::npos);
    CHECK(e.hint() == "install the AWS CLI: https://aws.amazon.com/cli/");
    CHECK(e.exit() == Exit::kAuth);
  }

  testing::FakeProcessRunner failing;
  failing.Reply(255, "");
  ExecCredentialSource broken(u, MakeCluster(), "", failing, clock.clock(), false);
  CHECK(ErrorOf([&] { broken.Get(false); }).find("failed with exit code 255") != std::string::npos);

  CHECK(ErrorOf([&] {
          ExecCredentialSource(ExecUser("client.authentication.k8s.io/v1alpha1"), MakeCluster(), "",
                               runner, clock.clock(), false);
        }).find("is not supported") != std::string::npos);
}

TEST_CASE(
    "ParseEksExec recognises aws eks get-token, aws-iam-authenticator token and kubectl-ssomap "
    "token") {
  struct Case {
    const char* name;
    std::string command;
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;
    bool native;
    std::string profile, region, cluster, role;
  };
  const Case cases[] = {
      {"update-kubeconfig form",
       "aws",
       {"--region", "us-east-2", "eks", "get-token", "--cluster-name", "dev", "--output", "json"},
       {{"AWS_PROFILE", "p1"}},
       true,
       "p1",
       "us-east-2",
       "dev",
       ""},
      {"eksctl form with role",
       "/usr/local/bin/aws",
       {"eks", "get-token", "--output", "json", "--cluster-name", "c", "--region", "eu-west-1",
        "--role-arn", "arn:r"},
       {{"AWS_STS_REGIONAL_ENDPOINTS", "regional"}},
       true,
       "",
       "eu-west-1",
       "c",
       "arn:r"},
      {"--profile wins, region from env",
       "aws",
       {"--profile=p2", "eks", "get-token", "--cluster-name=c"},
       {{"AWS_PROFILE", "p1"}, {"AWS_DEFAULT_REGION", "ap-south-1"}},
       true,
       "p2",
       "ap-south-1",
       "c",
       ""},
      {"AWS_REGION before AWS_DEFAULT_REGION",
       "aws",
       {"eks", "get-token", "--cluster-id", "op-1"},
       {{"AWS_DEFAULT_REGION", "b"}, {"AWS_REGION", "a"}},
       true,
       "",
       "a",
       "op-1",
       ""},
      {"debug flag takes no value",
       "aws",
       {"--debug", "eks", "get-token", "--cluster-name", "c"},
       {},
       true,
       "",
       "",
       "c",
       ""},
      {"authenticator",
       "aws-iam-authenticator",
       {"token", "-i", "c", "-r", "arn:r"},
       {{"AWS_DEFAULT_REGION", "r"}},
       true,
       "",
       "r",
       "c",
       "arn:r"},
      {"endpoint override runs the CLI",
       "aws",
       {"eks", "get-token", "--cluster-name", "c", "--endpoint-url", "https://x"},
       {},
       false,
       "",
       "",
       "",
       ""},
      {"kubectl-ssomap token, as krew puts it on PATH",
       "/root/.krew/bin/kubectl-ssomap",
       {"token", "--cluster-name", "dev", "--role-arn", "arn:r", "--region=us-west-2"},
       {{"AWS_PROFILE", "p1"}},
       true,
       "p1",
       "us-west-2",
       "dev",
       "arn:r"},
      {"kubectl ssomap token, through kubectl",
       "kubectl",
       {"ssomap", "token", "--cluster-id", "op-1", "--profile", "p3"},
       {},
       true,
       "p3",
       "",
       "op-1",
       ""},
      {"kubectl-ssomap other command", "kubectl-ssomap", {"list"}, {}, false, "", "", "", ""},
      {"kubectl-ssomap token with update-kubeconfig's --role",
       "kubectl-ssomap",
       {"token", "--cluster-name", "c", "--role", "arn:r"},
       {},
       true,
       "",
       "",
       "c",
       "arn:r"},
      {"kubectl-ssomap token does not take the AWS CLI's --debug",
       "kubectl-ssomap",
       {"token", "--debug", "--cluster-name", "c"},
       {},
       false,
       "",
       "",
       "",
       ""},
      {"kubectl token without ssomap", "kubectl", {"token"}, {}, false, "", "", "", ""},
      {"kubectl-ssomap token with a kubeconfig flag runs it",
       "kubectl-ssomap",
       {"token", "--cluster-name", "c", "--kubeconfig", "x"},
       {},
       false,
       "",
       "",
       "",
       ""},
      {"other subcommand", "aws", {"sts", "get-caller-identity"}, {}, false, "", "", "", ""},
      {"no cluster", "aws", {"eks", "get-token"}, {}, false, "", "", "", ""},
      {"other command", "kubelogin", {"get-token"}, {}, false, "", "", "", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    ExecConfig e;
    e.api_version = kV1beta1;
    e.command = c.command;
    e.args = c.args;
    e.env = c.env;
    std::string why;
    auto parsed = ParseEksExec(e, &why);
    REQUIRE(parsed.has_value() == c.native);
    if (!parsed) {
      CHECK(!why.empty());
      continue;
    }
    CHECK(parsed->profile == c.profile);
    CHECK(parsed->region == c.region);
    CHECK(parsed->cluster_id == c.cluster);
    CHECK(parsed->role_arn == c.role);
  }
}

TEST_CASE("ExecProfile: --profile in the args, else AWS_PROFILE in the env, else empty") {
  ResolvedContext ctx;
  CHECK(ExecProfile(ctx).empty());
  ctx.user = ExecUser();
  CHECK(ExecProfile(ctx) == "test-profile");
  ctx.user.exec->args.push_back("--profile");
  ctx.user.exec->args.push_back("other");
  CHECK(ExecProfile(ctx) == "other");
  ctx.user.exec->env.clear();
  ctx.user.exec->args = {"eks", "get-token"};
  CHECK(ExecProfile(ctx).empty());
}

namespace {

struct FakeNative final : NativeTokenSource {
  int calls = 0;
  bool fail = false;
  EksExec seen;
  Credential Token(const EksExec& exec) override {
    ++calls;
    seen = exec;
    if (fail) throw Error("no credentials for profile");
    Credential c;
    c.token = "k8s-aws-v1.native" + std::to_string(calls);
    c.expiry = *timestamp::ParseRfc3339("2026-01-01T00:14:00Z");
    return c;
  }
};

}  // namespace

TEST_CASE("CredentialsFor uses the native EKS token and falls back to the exec when it fails") {
  testing::FakeProcessRunner runner;
  FixedClock clock;
  FakeNative native;
  std::ostringstream logs;
  log::SetSink(&logs);
  log::SetVerbosity(9);
  AuthSeams seams{runner, clock.clock(), &native, false};
  ResolvedContext ctx;
  ctx.name = "sso-user";
  ctx.cluster = MakeCluster();
  ctx.user = ExecUser();
  ClusterEndpoint endpoint;
  auto read = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };

  auto source = CredentialsFor(ctx, endpoint, read, seams);
  CHECK(source->Get(false).token == "k8s-aws-v1.native1");
  CHECK(source->Get(false).token == "k8s-aws-v1.native1");  // cached until expiry
  CHECK(native.seen.profile == "test-profile");
  CHECK(native.seen.cluster_id == "dev");
  CHECK(runner.requests.empty());

  native.fail = true;
  runner.Reply(0, Reply(kV1beta1, R"({"token":"from-cli"})"));
  CHECK(source->Get(true).token == "from-cli");
  CHECK(runner.requests.size() == 1);
  log::SetSink(nullptr);
  log::SetVerbosity(0);
  // One line: the fallback, saying why.
  const auto logged = logs.str();
  CHECK(std::count(logged.begin(), logged.end(), '\n') == 1);
  CHECK(logged.find("no credentials for profile") != std::string::npos);

  // A static token makes the exec unused, as in client-go.
  ctx.user.token = "static";
  CHECK(CredentialsFor(ctx, endpoint, read, seams)->Get(false).token == "static");
}

TEST_CASE("ParseEksExec takes the session name; --profile in args is marked as explicit") {
  ExecConfig e;
  e.api_version = kV1beta1;
  e.command = "aws";
  e.args = {"eks",        "get-token", "--cluster-name", "c",
            "--role-arn", "arn:r",     "--session-name", "me",
            "--profile",  "p"};
  auto parsed = ParseEksExec(e);
  REQUIRE(parsed);
  CHECK(parsed->session_name == "me");
  CHECK(parsed->profile_from_args);
  e.args = {"token", "-i", "c", "-s", "sess"};
  e.command = "aws-iam-authenticator";
  e.env = {{"AWS_PROFILE", "from-env"}};
  parsed = ParseEksExec(e);
  REQUIRE(parsed);
  CHECK(parsed->session_name == "sess");
  CHECK(parsed->profile == "from-env");
  CHECK_FALSE(parsed->profile_from_args);
  // Ours is the AWS CLI's drop-in: the same default session name for an assumed role.
  e.command = "kubectl-ssomap";
  e.args = {"token", "--cluster-name", "c", "--role-arn", "arn:r"};
  parsed = ParseEksExec(e);
  REQUIRE(parsed);
  CHECK(parsed->tool == EksExec::Tool::kSsomap);
  CHECK(AssumedSessionName(*parsed, std::chrono::nanoseconds(1)) == "EKSGetTokenAuth");
}

// Issue 11 §6: exec credential plugins had no deadline; they draw on the command's now.
TEST_CASE("ExecCredentialSource runs the plugin under the command's deadline and says so") {
  std::chrono::steady_clock::time_point steady{};
  const deadline::Deadline limit(2000ms, [&] { return steady; });
  FixedClock clock;
  testing::FakeProcessRunner runner;
  ProcessResult timed_out;
  timed_out.exit_code = -1;
  timed_out.timed_out = true;
  runner.Queue(timed_out);
  ExecCredentialSource source(ExecUser(), MakeCluster(), "", runner, clock.clock(), false, limit);
  steady += 500ms;
  const auto message = ErrorOf([&] { source.Get(false); });
  REQUIRE(runner.requests.size() == 1);
  CHECK(runner.requests[0].timeout == 1500ms);
  CHECK(message.find("did not finish within 2s, the command's time limit") != std::string::npos);
  steady += 2s;
  CHECK(ErrorOf([&] { source.Get(false); }).find("did not finish within 2s") != std::string::npos);
  CHECK(runner.requests.size() == 1);  // a spent deadline starts no plugin
}
