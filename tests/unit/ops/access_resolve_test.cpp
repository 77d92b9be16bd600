// Which mechanism a cluster's mode selects, the problems only both mechanisms together show,
// whose credentials make the calls, and the pathful principal ARN from IAM GetRole.
#include <doctest/doctest.h>

#include "aws/iam.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "fake_environment.hpp"
#include "fake_transport.hpp"
#include "ops/mechanisms.hpp"
#include "ops/principal.hpp"

using namespace ssomap;
using aws::AuthenticationMode;
using ops::AddMode;
using ops::Mechanism;

namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1700000000);
const aws::Credentials kIdentity{"AKIDUSER", "s1", "", std::nullopt, "sso"};
const aws::Credentials kAdmin{"AKIDADMIN", "s2", "", std::nullopt, "sso"};
const std::string kPath = "aws-reserved/sso.amazonaws.com/us-east-2/";
const std::string kName = "AWSReservedSSO_AdministratorAccess_7ab3e61f0c92d448";

std::string GetRoleXml(const std::string& account) {
  return "<GetRoleResponse><GetRoleResult><Role><Path>/" + kPath + "</Path><RoleName>" + kName +
         "</RoleName><Arn>arn:aws:iam::" + account + ":role/" + kPath + kName +
         "</Arn></Role></GetRoleResult></GetRoleResponse>";
}
const char* kDenied =
    "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>";
const char* kNoSuch =
    "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>none</Message></Error>"
    "</ErrorResponse>";

}  // namespace

TEST_CASE("--mode against the cluster's mode: auto follows it; impossible choices are refused") {
  CHECK(ChooseMechanism(AddMode::kAuto, AuthenticationMode::kConfigMap) == Mechanism::kConfigMap);
  CHECK(ChooseMechanism(AddMode::kAuto, AuthenticationMode::kApiAndConfigMap) ==
        Mechanism::kAccessEntry);
  CHECK(ChooseMechanism(AddMode::kAuto, AuthenticationMode::kApi) == Mechanism::kAccessEntry);
  CHECK(ChooseMechanism(AddMode::kConfigMap, AuthenticationMode::kApiAndConfigMap) ==
        Mechanism::kConfigMap);
  CHECK(ChooseMechanism(AddMode::kApi, AuthenticationMode::kApiAndConfigMap) ==
        Mechanism::kAccessEntry);
  for (auto [mode, cluster] : {std::pair{AddMode::kConfigMap, AuthenticationMode::kApi},
                               std::pair{AddMode::kApi, AuthenticationMode::kConfigMap}}) {
    try {
      ChooseMechanism(mode, cluster);
      FAIL("no refusal");
    } catch (const Error& e) {
      CHECK(e.exit() == Exit::kRefused);
      CHECK(std::string(e.what()).find("nothing was written") != std::string::npos);
    }
  }
  CHECK(ops::ParseAddMode("configmap") == AddMode::kConfigMap);
  CHECK_THROWS_AS(ops::ParseAddMode("API"), Error);
}

TEST_CASE("list problems: aws-auth ignored on API, shadowed by an entry of the same role") {
  auto auth = awsauth::Parse({{"mapRoles", "- rolearn: arn:aws:iam::111122223333:role/" + kName +
                                               "\n  username: a\n  groups: [g]\n"
                                               "- rolearn: arn:aws:iam::111122223333:role/other\n"
                                               "  username: b\n"}});
  std::vector<ops::ListedEntry> entries(1);
  entries[0].entry.principal_arn = "arn:aws:iam::111122223333:role/" + kPath + kName;
  auto mixed = ops::MechanismProblems(auth, entries, AuthenticationMode::kApiAndConfigMap);
  REQUIRE(mixed.size() == 1);
  CHECK(mixed[0].code == "shadowed");
  CHECK(mixed[0].arn == "arn:aws:iam::111122223333:role/" + kName);
  auto api = ops::MechanismProblems(auth, entries, AuthenticationMode::kApi);
  REQUIRE(api.size() == 2);
  CHECK(api[0].code == "ignored");
  // CONFIG_MAP clusters have no access entries to shadow anything; an entry listed anyway would.
  CHECK(ops::MechanismProblems(auth, {}, AuthenticationMode::kConfigMap).empty());
}

TEST_CASE("the administrator's profile: --admin-profile, the exec's, AWS_PROFILE, default") {
  FakeEnvironment env(std::map<std::string, std::string>{{"AWS_PROFILE", "env-p"}});
  CHECK(ops::SelectAdminProfile("boss", "exec-p", env).from == "--admin-profile");
  CHECK(ops::SelectAdminProfile("", "exec-p", env).name == "exec-p");
  CHECK(ops::SelectAdminProfile("", "", env).name == "env-p");
  CHECK(
      ops::SelectAdminProfile("", "", FakeEnvironment(std::map<std::string, std::string>{})).name ==
      "default");
}

TEST_CASE("principal: the identity's own credentials read the cross-account role first") {
  testing::FakeTransport fake;
  fake.Reply(200, GetRoleXml("210987654321"));
  aws::IamClient iam(fake, "https://iam.amazonaws.com", "us-east-1", [] { return kNow; });
  auto arn = ops::ResolvePrincipalArn(
      {"arn:aws:sts::210987654321:assumed-role/" + kName + "/alice", &kIdentity, &kAdmin}, iam);
  CHECK(arn == "arn:aws:iam::210987654321:role/" + kPath + kName);
  REQUIRE(fake.requests.size() == 1);
  CHECK(fake.HeaderOf(0, "Authorization").find("AKIDUSER/") != std::string::npos);
}

TEST_CASE("principal: an answer from another account is not taken; the admin's is tried next") {
  testing::FakeTransport fake;
  fake.Reply(200, GetRoleXml("123456789999")).Reply(200, GetRoleXml("210987654321"));
  aws::IamClient iam(fake, "https://iam.amazonaws.com", "us-east-1", [] { return kNow; });
  auto arn = ops::ResolvePrincipalArn(
      {"arn:aws:iam::210987654321:role/" + kName, &kIdentity, &kAdmin}, iam);
  CHECK(arn == "arn:aws:iam::210987654321:role/" + kPath + kName);
  CHECK(fake.HeaderOf(1, "Authorization").find("AKIDADMIN/") != std::string::npos);
}

TEST_CASE("principal: neither can read the role → one clear error that offers --arn") {
  testing::FakeTransport fake;
  fake.Reply(403, kDenied).Reply(404, kNoSuch);
  aws::IamClient iam(fake, "https://iam.amazonaws.com", "us-east-1", [] { return kNow; });
  try {
    ops::ResolvePrincipalArn({"arn:aws:iam::210987654321:role/" + kName, &kIdentity, &kAdmin}, iam);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kAuth);
    CHECK(std::string(e.what()) ==
          "cannot read IAM role " + kName +
              " of account 210987654321 to find its path (the mapped identity's credentials: IAM "
              "GetRole: AccessDenied: no; the administrator's credentials: IAM GetRole: "
              "NoSuchEntity: none)");
    CHECK(e.hint() ==
          "give credentials of account 210987654321 with --profile, or the role ARN with its "
          "path with --arn arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/REGION/" +
              kName);
  }
}

TEST_CASE("principal: a pathful role ARN and user ARNs are taken as given, without IAM") {
  testing::FakeTransport fake;
  aws::IamClient iam(fake, "https://iam.amazonaws.com", "us-east-1", [] { return kNow; });
  const std::string pathful = "arn:aws:iam::210987654321:role/" + kPath + kName;
  CHECK(ops::ResolvePrincipalArn({pathful, nullptr, nullptr}, iam) == pathful);
  CHECK(ops::ResolvePrincipalArn({"arn:aws:iam::111122223333:user/ci-bot", nullptr, nullptr},
                                 iam) == "arn:aws:iam::111122223333:user/ci-bot");
  CHECK(fake.requests.empty());
  CHECK_THROWS_AS(
      ops::ResolvePrincipalArn({"arn:aws:iam::111122223333:root", nullptr, nullptr}, iam), Error);
}
