// awsauth::Check: every named problem, with the message an administrator acts on.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "awsauth/checks.hpp"
#include "awsauth/parse.hpp"

using namespace ssomap;
using awsauth::Source;

namespace {

std::vector<std::string> Codes(const std::vector<awsauth::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.code);
  return out;
}

const awsauth::Problem* Find(const std::vector<awsauth::Problem>& problems,
                             const std::string& code) {
  auto it =
      std::find_if(problems.begin(), problems.end(), [&](const auto& p) { return p.code == code; });
  return it == problems.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("Check: each problem code, on the entry it concerns, with its message") {
  struct Case {
    std::string name;
    std::string entry;  // one mapRoles entry
    std::vector<std::string> codes;
    std::string message_has;
  };
  const Case cases[] = {
      {"clean",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups: [dev]\n",
       {},
       ""},
      {"arn-has-path",
       "- rolearn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-east-2/"
       "AWSReservedSSO_Dev_0123456789abcdef\n  username: dev\n  groups: [dev]\n",
       {"arn-has-path"},
       "use arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_0123456789abcdef"},
      {"node-role",
       "- rolearn: arn:aws:iam::111122223333:role/node\n  username: "
       "system:node:{{EC2PrivateDNSName}}\n"
       "  groups:\n    - system:bootstrappers\n    - system:nodes\n",
       {"node-role"},
       "never remove"},
      {"system-masters",
       "- rolearn: arn:aws:iam::111122223333:role/Admin\n  username: admin\n  groups: "
       "[system:masters]\n",
       {"system-masters"},
       "system:masters"},
      {"unknown-template in username",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: \"dev:{{Foo}}\"\n  groups: "
       "[dev]\n",
       {"unknown-template"},
       "{{Foo}}"},
      {"unknown-template in a group",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups: "
       "[\"team-{{Session}}\"]\n",
       {"unknown-template"},
       "{{Session}}"},
      {"known templates",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: "
       "\"{{AccountID}}:{{SessionName}}:{{SessionNameRaw}}:"
       "{{AccessKeyID}}\"\n  groups: [dev]\n",
       {},
       ""},
      {"a template inside stray braces is still found",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: \"{{ {{Foo}}\"\n  groups: "
       "[\"{{{SessionName}}}\"]\n",
       {"unknown-template"},
       "{{Foo}}"},
      {"invalid-entry: no arn", "- username: x\n", {"invalid-entry"}, "drops this entry"},
      {"invalid-entry: not an ARN", "- rolearn: admin\n  username: x\n", {"invalid-entry"}, ""},
      {"invalid-entry: a user ARN in mapRoles",
       "- rolearn: arn:aws:iam::111122223333:user/bob\n  username: x\n",
       {"invalid-entry"},
       "mapUsers"},
      {"invalid-entry: an assumed-role ARN",
       "- rolearn: arn:aws:sts::111122223333:assumed-role/Dev/jane\n  username: x\n",
       {"invalid-entry"},
       "use arn:aws:iam::111122223333:role/Dev"},
      {"node role with admin",
       "- rolearn: arn:aws:iam::111122223333:role/node\n  groups: [system:nodes, system:masters]\n",
       {"node-role", "system-masters"},
       ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto auth = awsauth::Parse({{"mapRoles", c.entry}});
    REQUIRE(auth.roles.size() == 1);
    const auto problems = awsauth::Check(auth, Source::kRoles);
    REQUIRE(problems.size() == 1);
    CHECK(Codes(problems[0]) == c.codes);
    if (!c.message_has.empty()) {
      REQUIRE_FALSE(problems[0].empty());
      CHECK(problems[0].front().message.find(c.message_has) != std::string::npos);
    }
  }
}

TEST_CASE("Check: duplicate role ARNs (any case) name the entry that wins, the last one") {
  const auto auth =
      awsauth::Parse({{"mapRoles",
                       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: first\n"
                       "- rolearn: arn:aws:iam::111122223333:role/Other\n  username: other\n"
                       "- rolearn: ARN:AWS:IAM::111122223333:ROLE/DEV\n  username: second\n"}});
  const auto problems = awsauth::Check(auth, Source::kRoles);
  REQUIRE(problems.size() == 3);
  const auto* first = Find(problems[0], "duplicate-arn");
  const auto* last = Find(problems[2], "duplicate-arn");
  REQUIRE(first);
  REQUIRE(last);
  CHECK(first->message.find("also mapRoles entry 3") != std::string::npos);
  CHECK(first->message.find("ignored") != std::string::npos);
  CHECK(last->message.find("also mapRoles entry 1") != std::string::npos);
  CHECK(last->message.find("used") != std::string::npos);
  CHECK(problems[1].empty());
  CHECK(awsauth::WinningIndex(auth.roles, "arn:aws:iam::111122223333:role/dev") == 2);
  CHECK(awsauth::WinningIndex(auth.roles, "arn:aws:iam::111122223333:role/Other") == 1);
  CHECK(awsauth::WinningIndex(auth.roles, "arn:aws:iam::111122223333:role/Missing") == -1);
}

// Was "user ARNs are compared as written; invalid entries never win", which pinned the wrong
// rule: the authenticator compares userarn case-insensitively (pkg/config/mapper.go:125) but keys
// mapUsers by userarn as written (:131), so case variants are both kept and either may be used,
// and `username: [c]` only empties the username (json_decode.hpp J4): the entry stays.
TEST_CASE("Check: case-variant user ARNs are ambiguous; a wrong-typed username keeps the entry") {
  const auto auth =
      awsauth::Parse({{"mapUsers",
                       "- userarn: arn:aws:iam::111122223333:user/bob\n  username: a\n"
                       "- userarn: arn:aws:iam::111122223333:user/BOB\n  username: b\n"
                       "- userarn: arn:aws:iam::111122223333:user/bob\n  username: [c]\n"}});
  const auto problems = awsauth::Check(auth, Source::kUsers);
  REQUIRE(problems.size() == 3);
  CHECK(Codes(problems[0]) == std::vector<std::string>{"duplicate-arn"});
  CHECK(Find(problems[0], "duplicate-arn")->message.find("ignored") != std::string::npos);
  CHECK(Find(problems[1], "duplicate-arn")->message.find("at random") != std::string::npos);
  CHECK(Codes(problems[2]) == std::vector<std::string>{"ignored-field", "duplicate-arn"});
  CHECK(Find(problems[2], "duplicate-arn")->message.find("at random") != std::string::npos);
  CHECK(awsauth::WinningIndex(auth.users, "arn:aws:iam::111122223333:user/bob") == 2);
  CHECK(awsauth::WinningIndex(auth.users, "arn:aws:iam::111122223333:user/BOB") == 1);
}

TEST_CASE("Check: the same ARN in mapRoles and mapUsers: the mapUsers entry is shadowed") {
  const std::string arn = "arn:aws:iam::111122223333:role/Dev";
  const auto auth = awsauth::Parse({{"mapRoles", "- rolearn: " + arn + "\n  username: r\n"},
                                    {"mapUsers", "- userarn: " + arn + "\n  username: u\n"}});
  const auto roles = awsauth::Check(auth, Source::kRoles);
  const auto users = awsauth::Check(auth, Source::kUsers);
  REQUIRE(Find(roles[0], "duplicate-arn"));
  CHECK(Find(roles[0], "duplicate-arn")->message.find("this one is used") != std::string::npos);
  REQUIRE(Find(users[0], "duplicate-arn"));
  CHECK(Find(users[0], "duplicate-arn")->message.find("mapRoles is searched first") !=
        std::string::npos);
}

TEST_CASE("Check: IsNodeRole looks at the groups only") {
  awsauth::Mapping m;
  m.groups = {"system:bootstrappers"};
  CHECK(awsauth::IsNodeRole(m));
  m.groups = {"dev", "system:nodes"};
  CHECK(awsauth::IsNodeRole(m));
  m.groups = {"system:node-proxier"};
  m.username = "system:node:{{EC2PrivateDNSName}}";
  CHECK_FALSE(awsauth::IsNodeRole(m));
}
