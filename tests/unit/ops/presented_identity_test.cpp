// ops::ChoosePresentedIdentity: which identity whoami and doctor test (issue 10 §3), and
// kube::AssumedSessionName: the session name each exec tool gives the role it assumes.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/environment.hpp"
#include "fake_environment.hpp"
#include "ops/presented_identity.hpp"

using namespace ssomap;
using Source = ops::PresentedIdentity::Source;

namespace {

constexpr const char* kRole = "arn:aws:iam::123456789999:role/platform/eks-admin";

kube::ResolvedContext ExecContext(std::string command, std::vector<std::string> args,
                                  std::vector<std::pair<std::string, std::string>> env = {}) {
  kube::ResolvedContext context;
  context.name = "sso-user";
  kube::ExecConfig exec;
  exec.command = std::move(command);
  exec.args = std::move(args);
  exec.env = std::move(env);
  context.user.exec = exec;
  return context;
}

kube::ResolvedContext AwsCli(std::vector<std::string> extra = {},
                             std::vector<std::pair<std::string, std::string>> env = {
                                 {"AWS_PROFILE", "test-profile"}}) {
  std::vector<std::string> args{"--region",       "us-east-2", "eks",      "get-token",
                                "--cluster-name", "dev",       "--output", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ExecContext("aws", args, std::move(env));
}

}  // namespace

TEST_CASE("identity_of_sso_user_context_is_its_exec_env_profile (issue 10: fell back to default)") {
  FakeEnvironment env(std::map<std::string, std::string>{});
  const auto context = AwsCli();
  const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
  CHECK(id.source == Source::kExec);
  CHECK(id.profile == "test-profile");
  CHECK(id.role_arn.empty());
  REQUIRE(id.exec);
  CHECK(id.exec->region == "us-east-2");
  CHECK(id.description == "profile test-profile (AWS_PROFILE in the exec env of context sso-user)");
  CHECK(id.note.empty());
  // whoami resolves it as the exec would: the env laid over, never as an explicit --profile.
  const auto request = ops::WhoamiRequestOf(id, "", {});
  CHECK(request.profile.empty());
  REQUIRE(request.exec);
  CHECK(request.exec->env ==
        std::vector<std::pair<std::string, std::string>>{{"AWS_PROFILE", "test-profile"}});
}

TEST_CASE(
    "identity: --profile in the exec args beats AWS_PROFILE in its env, as the AWS CLI does") {
  FakeEnvironment env(std::map<std::string, std::string>{{"AWS_PROFILE", "from-shell"}});
  const auto context = AwsCli({"--profile", "ci-bot"});
  const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
  CHECK(id.profile == "ci-bot");
  CHECK(id.description == "profile ci-bot (--profile in the exec args of context sso-user)");
}

TEST_CASE("identity: an exec naming no profile uses the one it inherits") {
  FakeEnvironment env(std::map<std::string, std::string>{{"AWS_PROFILE", "from-shell"}});
  const auto context = AwsCli({}, {});
  const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
  CHECK(id.source == Source::kExec);
  CHECK(id.profile == "from-shell");
  CHECK(id.description.find("names none: AWS_PROFILE") != std::string::npos);
}

TEST_CASE("identity: the role an exec assumes on top is the one tested") {
  FakeEnvironment env(std::map<std::string, std::string>{});
  SUBCASE("aws eks get-token --role-arn") {
    const auto context = AwsCli({"--role-arn", kRole}, {{"AWS_PROFILE", "ci-bot"}});
    const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
    CHECK(id.profile == "ci-bot");
    CHECK(id.role_arn == kRole);
    CHECK(id.description == std::string("profile ci-bot (AWS_PROFILE in the exec env of context "
                                        "sso-user), then role ") +
                                kRole + " assumed by its --role-arn");
  }
  SUBCASE("aws eks get-token --role (what update-kubeconfig --role-arn writes)") {
    const auto context = AwsCli({"--role", kRole});
    CHECK(ops::ChoosePresentedIdentity("", &context, "", env).role_arn == kRole);
  }
  SUBCASE("aws-iam-authenticator token -r, profile from AWS_PROFILE (it has no --profile)") {
    const auto context = ExecContext("/usr/local/bin/aws-iam-authenticator",
                                     {"token", "-i", "dev", "-r", kRole, "-e", "ext-1"},
                                     {{"AWS_PROFILE", "ci-bot"}});
    const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
    CHECK(id.source == Source::kExec);
    CHECK(id.profile == "ci-bot");
    CHECK(id.role_arn == kRole);
    REQUIRE(id.exec);
    CHECK(id.exec->external_id == "ext-1");
  }
  SUBCASE("aws-iam-authenticator: DEFAULT_ROLE in its env is its --role") {
    const auto context = ExecContext("aws-iam-authenticator", {"token", "--cluster-id", "dev"},
                                     {{"DEFAULT_ROLE", kRole}});
    CHECK(ops::ChoosePresentedIdentity("", &context, "", env).role_arn == kRole);
  }
}

TEST_CASE("identity: --profile wins over the context's exec, and says so") {
  FakeEnvironment env(std::map<std::string, std::string>{});
  const auto context = AwsCli({"--role-arn", kRole});
  const auto id = ops::ChoosePresentedIdentity("dev-sso", &context, "", env);
  CHECK(id.source == Source::kFlag);
  CHECK(id.profile == "dev-sso");
  CHECK(id.role_arn.empty());
  CHECK(!id.exec);
  CHECK(id.description.starts_with(
      "profile dev-sso (--profile, which wins over what context sso-user presents: profile "
      "test-profile"));
  CHECK(ops::WhoamiRequestOf(id, "", {}).profile == "dev-sso");
}

TEST_CASE("identity: a context that signs in otherwise cannot be derived; says what is tested") {
  FakeEnvironment env(std::map<std::string, std::string>{{"AWS_PROFILE", "from-shell"}});
  SUBCASE("another exec") {
    const auto context = ExecContext("kubelogin", {"get-token", "--server-id", "x"});
    const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
    CHECK(id.source == Source::kFallback);
    CHECK(id.profile == "from-shell");
    CHECK(id.note.find("context sso-user signs in with exec 'kubelogin'") != std::string::npos);
    CHECK(id.note.find("cannot be derived; testing profile from-shell (AWS_PROFILE) instead") !=
          std::string::npos);
    CHECK(id.note.find("pass --profile P") != std::string::npos);
    CHECK(ops::WhoamiRequestOf(id, "", {}).profile.empty());  // the AWS CLI's own default
  }
  SUBCASE("a bearer token") {
    kube::ResolvedContext context;
    context.name = "admin";
    context.user.token = "secret";
    const auto id = ops::ChoosePresentedIdentity("", &context, "", env);
    CHECK(id.source == Source::kFallback);
    CHECK(id.note.find("context admin signs in with a bearer token") != std::string::npos);
    CHECK(id.note.find("secret") == std::string::npos);
  }
  SUBCASE("with --profile there is nothing to fall back from") {
    kube::ResolvedContext context;
    context.name = "admin";
    context.user.token = "t";
    const auto id = ops::ChoosePresentedIdentity("dev-sso", &context, "", env);
    CHECK(id.source == Source::kFlag);
    CHECK(id.description == "profile dev-sso (--profile)");
  }
}

TEST_CASE("identity: no kubeconfig context is the environment's profile, without a warning") {
  FakeEnvironment env(std::map<std::string, std::string>{});
  const auto id = ops::ChoosePresentedIdentity("", nullptr, "no kubeconfig", env);
  CHECK(id.source == Source::kFallback);
  CHECK(id.profile == "default");
  CHECK(id.note.empty());
  CHECK(id.description ==
        "profile default (no AWS_PROFILE: the default profile; no kubeconfig context: no "
        "kubeconfig)");
}

TEST_CASE("AssumedSessionName: --session-name, the AWS CLI's, the AWS SDK for Go v2's") {
  kube::EksExec exec;
  CHECK(kube::AssumedSessionName(exec, std::chrono::nanoseconds(42)) == "EKSGetTokenAuth");
  exec.tool = kube::EksExec::Tool::kAwsIamAuthenticator;
  CHECK(kube::AssumedSessionName(exec, std::chrono::nanoseconds(1700000000123456789)) ==
        "aws-go-sdk-1700000000123456789");
  exec.session_name = "mine";
  CHECK(kube::AssumedSessionName(exec, std::chrono::nanoseconds(42)) == "mine");
}
