// ops::PlanAdd / PlanRemove: what add and remove change, and what they refuse.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "aws/arn.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "ops/mapping_plan.hpp"

using namespace ssomap;
using Action = ops::MappingPlan::Action;

namespace {

const std::string kNode =
    "- rolearn: arn:aws:iam::111122223333:role/node\n"
    "  username: system:node:{{EC2PrivateDNSName}}\n"
    "  groups:\n"
    "    - system:bootstrappers\n"
    "    - system:nodes\n";
const std::string kDevArn = "arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_0123456789abcdef";
const std::string kDevEntry = "- rolearn: " + kDevArn + "\n  username: dev\n  groups:\n    - dev\n";

aws::AwsAuthIdentity Id(const std::string& arn) { return aws::AwsAuthForm(arn); }

Error Thrown(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected an error");
  return Error("");
}

}  // namespace

TEST_CASE("DefaultUsername keeps the session visible") {
  CHECK(ops::DefaultUsername(Id(kDevArn)) == "sso:Dev:{{SessionName}}");
  CHECK(ops::DefaultUsername(Id("arn:aws:iam::111122223333:role/ops/Deploy")) ==
        "Deploy:{{SessionName}}");
  CHECK(ops::DefaultUsername(Id("arn:aws:iam::111122223333:user/team/alice")) == "alice");
  CHECK(ops::DefaultUsername(Id("arn:aws:iam::111122223333:root")) == "root:111122223333");
}

TEST_CASE("PlanAdd: a new mapping is added; roles to mapRoles, users to mapUsers") {
  const awsauth::Data data = {{"mapRoles", kNode}};
  auto plan = ops::PlanAdd(data, Id(kDevArn), {{"dev"}, "dev"}, false);
  CHECK(plan.action == Action::kAdd);
  CHECK(plan.data.at("mapRoles") == kNode + kDevEntry);
  CHECK_FALSE(plan.existing);

  plan = ops::PlanAdd(data, Id("arn:aws:iam::111122223333:user/alice"), {{"system:masters"}, ""},
                      false);
  CHECK(plan.source == awsauth::Source::kUsers);
  CHECK(plan.data.at("mapRoles") == kNode);
  CHECK(plan.data.at("mapUsers") ==
        "- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n  groups:\n    - "
        "system:masters\n");
}

TEST_CASE(
    "PlanAdd: the identical mapping is left alone; a different one is refused unless --overwrite") {
  const awsauth::Data data = {{"mapRoles", kNode + kDevEntry}};
  struct Case {
    std::string name;
    std::string arn;
    ops::Grant grant;
    bool overwrite;
    Action action;  // or kRefused below
    bool refused;
  };
  const Case cases[] = {
      {"identical", kDevArn, {{"dev"}, "dev"}, false, Action::kUnchanged, false},
      {"identical, with --overwrite", kDevArn, {{"dev"}, "dev"}, true, Action::kUnchanged, false},
      {"identical but path-ful input",
       "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/"
       "AWSReservedSSO_Dev_0123456789abcdef",
       {{"dev"}, "dev"},
       false,
       Action::kUnchanged,
       false},
      {"other groups", kDevArn, {{"system:masters"}, "dev"}, false, Action::kAdd, true},
      {"other username", kDevArn, {{"dev"}, "someone"}, false, Action::kAdd, true},
      {"other groups, --overwrite",
       kDevArn,
       {{"system:masters"}, "dev"},
       true,
       Action::kReplace,
       false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    if (c.refused) {
      const auto e = Thrown([&] { (void)ops::PlanAdd(data, Id(c.arn), c.grant, c.overwrite); });
      CHECK(e.exit() == Exit::kRefused);
      // The existing entry is shown.
      CHECK(std::string(e.what()).find("mapRoles entry 2 (line 6): " + kDevArn +
                                       " -> username dev, groups [dev]") != std::string::npos);
      CHECK(e.hint().find("--overwrite") != std::string::npos);
      continue;
    }
    const auto plan = ops::PlanAdd(data, Id(c.arn), c.grant, c.overwrite);
    CHECK(plan.action == c.action);
    REQUIRE(plan.existing);
    CHECK(plan.existing->username == "dev");
    if (c.action == Action::kUnchanged) CHECK(plan.data == data);
    if (c.action == Action::kReplace) {
      CHECK(plan.data.at("mapRoles") == kNode + "- rolearn: " + kDevArn +
                                            "\n  username: dev\n  groups:\n    - system:masters\n");
    }
  }
}

TEST_CASE("PlanAdd: an existing entry differing only in ARN case is the same role") {
  const awsauth::Data data = {
      {"mapRoles", "- rolearn: ARN:AWS:IAM::111122223333:ROLE/DEV\n  username: dev\n"}};
  const auto e = Thrown([&] {
    (void)ops::PlanAdd(data, Id("arn:aws:iam::111122223333:role/Dev"), {{}, "dev"}, false);
  });
  CHECK(e.exit() == Exit::kRefused);
  const auto plan = ops::PlanAdd(data, Id("arn:aws:iam::111122223333:role/Dev"), {{}, "dev"}, true);
  CHECK(plan.action == Action::kReplace);
  CHECK(plan.data.at("mapRoles") ==
        "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n");
}

TEST_CASE("PlanAdd: a path-ful entry for the same role is pointed out") {
  const std::string pathful =
      "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-east-2/"
      "AWSReservedSSO_Dev_0123456789abcdef";
  const awsauth::Data data = {{"mapRoles", "- rolearn: " + pathful + "\n  username: dev\n"}};
  const auto plan = ops::PlanAdd(data, Id(pathful), {{"dev"}, ""}, false);
  CHECK(plan.action == Action::kAdd);
  CHECK(plan.mapping.arn == kDevArn);
  CHECK(plan.mapping.username == "sso:Dev:{{SessionName}}");
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("never matches") != std::string::npos);
  CHECK(plan.notes[0].find("remove --arn " + pathful) != std::string::npos);
}

TEST_CASE("PlanAdd: names are validated before anything is written") {
  const std::string bad[] = {"",
                             " admin",
                             "admin ",
                             "a\nb",
                             "a\tb",
                             "a\rb",
                             std::string("a\0b", 3),
                             "a\x7f",
                             std::string(257, 'x')};
  for (const auto& name : bad) {
    CAPTURE(name);
    CHECK(Thrown([&] { ops::ValidateName("--username", name); }).exit() == Exit::kUsage);
    CHECK(Thrown([&] {
            (void)ops::PlanAdd({}, Id(kDevArn), {{"dev"}, name.empty() ? " " : name}, false);
          }).exit() == Exit::kUsage);
    CHECK(Thrown([&] {
            (void)ops::PlanAdd({}, Id(kDevArn), {{name}, "dev"}, false);
          }).exit() == Exit::kUsage);
  }
  for (const auto* good :
       {"dev", "a: b", "#x", "- admin", "{x}", "&a", "*a", "!t", "it's \"quoted\"", "ü"}) {
    CAPTURE(good);
    CHECK_NOTHROW(ops::ValidateName("--group", good));
    const auto plan = ops::PlanAdd({}, Id(kDevArn), {{good}, good}, false);
    const auto parsed = awsauth::Parse(plan.data);
    REQUIRE(parsed.roles.size() == 1);
    CHECK(parsed.roles[0].username == good);
    CHECK(parsed.roles[0].groups == std::vector<std::string>{good});
  }
}

TEST_CASE("PlanAdd: a key that does not parse is not edited") {
  const awsauth::Data data = {{"mapRoles", kNode + "- rolearn: x\n  groups: [a\n"}};
  const auto e = Thrown([&] { (void)ops::PlanAdd(data, Id(kDevArn), {{"dev"}, "dev"}, false); });
  CHECK(e.exit() == Exit::kRefused);
  CHECK(std::string(e.what()).find("mapRoles line 8") != std::string::npos);
}

TEST_CASE("PlanRemove: removes the winning entry; refuses node roles; unknown ARNs are an error") {
  const std::string dup = "- rolearn: " + kDevArn + "\n  username: old\n";
  const awsauth::Data data = {{"mapRoles", dup + kNode + kDevEntry}};
  auto plan = ops::PlanRemove(data, Id(kDevArn));
  CHECK(plan.action == Action::kRemove);
  REQUIRE(plan.existing);
  CHECK(plan.existing->username == "dev");
  CHECK(plan.data.at("mapRoles") == dup + kNode);
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("another entry") != std::string::npos);

  plan = ops::PlanRemove(plan.data, Id(kDevArn));
  CHECK(plan.data.at("mapRoles") == kNode);
  CHECK(plan.notes.empty());

  auto e = Thrown([&] { (void)ops::PlanRemove(data, Id("arn:aws:iam::111122223333:role/node")); });
  CHECK(e.exit() == Exit::kRefused);
  CHECK(std::string(e.what()).find("node role") != std::string::npos);

  e = Thrown([&] { (void)ops::PlanRemove(data, Id("arn:aws:iam::111122223333:role/Missing")); });
  CHECK(e.exit() == Exit::kError);
  CHECK(std::string(e.what()).find("is not mapped in mapRoles") != std::string::npos);
}

// Issue 10 §1 example: mapUsers holds the SSO role's ARN with system:masters. The authenticator
// admits the SSO user through it (match.hpp M3), so add, remove and --overwrite act on it.
TEST_CASE("issue 10: a role ARN in mapUsers is the mapping add, remove and --overwrite see") {
  const std::string admin_arn =
      "arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef";
  const awsauth::Data data = {
      {"mapRoles", kNode},
      {"mapUsers",
       "- userarn: " + admin_arn + "\n  username: admin\n  groups:\n    - system:masters\n"}};
  const auto id =
      Id("arn:aws:sts::111122223333:assumed-role/"
         "AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice");
  ops::Grant readers{{"readers"}, ""};

  SUBCASE("add refuses: already mapped, naming the mapUsers entry") {
    const auto e = Thrown([&] { (void)ops::PlanAdd(data, id, readers, false); });
    CHECK(std::string(e.what()).find("already mapped: mapUsers entry 1") != std::string::npos);
    CHECK(e.exit() == Exit::kRefused);
  }
  SUBCASE("add --overwrite replaces the mapUsers entry the authenticator uses, adds nothing") {
    const auto plan = ops::PlanAdd(data, id, readers, true);
    CHECK(plan.action == Action::kReplace);
    CHECK(plan.source == awsauth::Source::kUsers);
    const auto after = awsauth::Parse(plan.data);
    CHECK(after.roles.size() == 1);
    REQUIRE(after.users.size() == 1);
    CHECK(after.users[0].groups == std::vector<std::string>{"readers"});
  }
  SUBCASE("remove drops the mapUsers entry") {
    const auto plan = ops::PlanRemove(data, id);
    CHECK(plan.action == Action::kRemove);
    CHECK(plan.source == awsauth::Source::kUsers);
    CHECK(awsauth::Parse(plan.data).users.empty());
    CHECK(plan.notes.empty());
  }
}

TEST_CASE("remove reports the entry that still admits the identity, in the other list") {
  const awsauth::Data data = {{"mapRoles", kDevEntry},
                              {"mapUsers", "- userarn: " + kDevArn + "\n  username: twin\n"}};
  const auto plan = ops::PlanRemove(data, Id(kDevArn));
  CHECK(plan.source == awsauth::Source::kRoles);
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("mapUsers entry 1") != std::string::npos);
  CHECK(plan.notes[0].find("still admits") != std::string::npos);
}

TEST_CASE("add refuses when case-variant userarn entries make the authenticator's choice random") {
  const std::string arn = "arn:aws:iam::111122223333:user/alice";
  const awsauth::Data data = {
      {"mapUsers",
       "- userarn: " + arn +
           "\n  username: a\n- userarn: arn:aws:iam::111122223333:user/Alice\n  username: b\n"}};
  const auto e = Thrown([&] { (void)ops::PlanAdd(data, Id(arn), {{"g"}, "u"}, true); });
  CHECK(std::string(e.what()).find("picks one at random") != std::string::npos);
}
