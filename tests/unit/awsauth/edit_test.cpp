// awsauth edits: minimal text changes, verified by parsing again.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "awsauth/block_rewrite.hpp"
#include "awsauth/edit.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"

using namespace ssomap;
using awsauth::Data;
using awsauth::NewMapping;
using awsauth::Source;

namespace {

const NewMapping kDev = {"arn:aws:iam::111122223333:role/Dev", "dev", {"dev"}};

const std::string kNode =
    "- rolearn: arn:aws:iam::111122223333:role/node\n"
    "  username: system:node:{{EC2PrivateDNSName}}\n"
    "  groups:\n"
    "    - system:bootstrappers\n"
    "    - system:nodes\n";

// The message of the Error that `f` throws, which must be a refusal.
template <typename F>
std::string Refusal(F f) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
    return e.what();
  }
  FAIL("expected a refusal");
  return {};
}

}  // namespace

TEST_CASE(
    "AddMapping: the new entry follows its neighbours' indentation; the old text is a prefix") {
  struct Case {
    std::string name;
    std::string before;
    std::string added;
  };
  const Case cases[] = {
      {"column 0", kNode,
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n    - dev\n"},
      {"column 2, groups at the key's column",
       "  - rolearn: arn:aws:iam::111122223333:role/node\n    username: "
       "system:node:{{EC2PrivateDNSName}}\n"
       "    groups:\n    - system:bootstrappers\n    - system:nodes\n",
       "  - rolearn: arn:aws:iam::111122223333:role/Dev\n    username: dev\n    groups:\n    - "
       "dev\n"},
      {"column 4, wide content offset",
       "    -   rolearn: arn:aws:iam::111122223333:role/node\n        username: "
       "system:node:{{EC2PrivateDNSName}}\n"
       "        groups:\n          - system:bootstrappers\n",
       "    -   rolearn: arn:aws:iam::111122223333:role/Dev\n        username: dev\n        "
       "groups:\n          - dev\n"},
      {"eksctl: groups first in the entry",
       "- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: "
       "arn:aws:iam::111122223333:role/node\n"
       "  username: system:node:{{EC2PrivateDNSName}}\n",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n  - dev\n"},
      {"flow-style groups inside block entries",
       "- rolearn: arn:aws:iam::111122223333:role/Admin\n  username: admin\n  groups: "
       "[system:masters]\n",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n    - dev\n"},
      {"CRLF line endings", "- rolearn: arn:aws:iam::111122223333:role/A\r\n  username: a\r\n",
       "- rolearn: arn:aws:iam::111122223333:role/Dev\r\n  username: dev\r\n  groups:\r\n    - "
       "dev\r\n"},
      {"a document start marker", "---\n" + kNode,
       "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n    - dev\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const Data before = {
        {"mapRoles", c.before}, {"mapUsers", "# nobody yet\n"}, {"other", "kept: as is\n"}};
    const auto after = awsauth::AddMapping(before, Source::kRoles, kDev);
    CHECK(after.at("mapRoles") == c.before + c.added);
    CHECK(after.at("mapUsers") == before.at("mapUsers"));
    CHECK(after.at("other") == before.at("other"));
  }
}

TEST_CASE("AddMapping: an empty or missing key gets clean YAML") {
  const std::string clean =
      "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n    - dev\n";
  struct Case {
    std::string name;
    std::optional<std::string> value;
    std::string after;
  };
  const Case cases[] = {
      {"missing", std::nullopt, clean},
      {"empty", "", clean},
      {"blank", "\n  \n", clean},
      {"empty flow list", "[]\n", clean},
      {"quotes", "''", clean},
      {"only a comment", "# roles go here\n", "# roles go here\n" + clean},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Data before = {{"mapUsers", "- userarn: arn:aws:iam::111122223333:user/u\n  username: u\n"}};
    if (c.value) before["mapRoles"] = *c.value;
    const auto after = awsauth::AddMapping(before, Source::kRoles, kDev);
    CHECK(after.at("mapRoles") == c.after);
    CHECK(after.at("mapUsers") == before.at("mapUsers"));
    const auto parsed = awsauth::Parse(after);
    REQUIRE(parsed.roles.size() == 1);
    CHECK(parsed.roles[0].arn == kDev.arn);
  }
}

TEST_CASE("AddMapping: a value without a final line break keeps it that way (|- in a manifest)") {
  const Data before = {{"mapRoles", "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a"}};
  const auto after = awsauth::AddMapping(before, Source::kRoles, kDev);
  CHECK(after.at("mapRoles") ==
        "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n"
        "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n    - dev");
}

TEST_CASE("Edits keep comments, blank lines and untouched entries byte-identical") {
  const std::string a =
      "- rolearn: arn:aws:iam::111122223333:role/A   # trailing comment\n  username: a\n";
  const std::string b =
      "- rolearn: arn:aws:iam::111122223333:role/B\n  username: b\n  groups:\n    - \"b\"\n";
  const std::string c = "- rolearn: arn:aws:iam::111122223333:role/C\n  username: 'c'\n";
  const std::string value =
      "# header\n" + a + "\n# about B\n" + b + "# about C\n\n" + c + "# footer\n";
  const Data before = {{"mapRoles", value}, {"mapAccounts", "- \"444455556666\" # ours\n"}};
  const std::string dev =
      "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: dev\n  groups:\n    - dev\n";
  struct Case {
    std::string name;
    Data after;
    std::string want;
  };
  const Case cases[] = {
      {"add", awsauth::AddMapping(before, Source::kRoles, kDev),
       "# header\n" + a + "\n# about B\n" + b + "# about C\n\n" + c + dev + "# footer\n"},
      {"replace the middle one", awsauth::ReplaceMapping(before, Source::kRoles, 1, kDev),
       "# header\n" + a + "\n# about B\n" + dev + "# about C\n\n" + c + "# footer\n"},
      {"remove the middle one", awsauth::RemoveMapping(before, Source::kRoles, 1),
       "# header\n" + a + "\n# about B\n# about C\n\n" + c + "# footer\n"},
      {"remove the first one", awsauth::RemoveMapping(before, Source::kRoles, 0),
       "# header\n\n# about B\n" + b + "# about C\n\n" + c + "# footer\n"},
      {"remove the last one", awsauth::RemoveMapping(before, Source::kRoles, 2),
       "# header\n" + a + "\n# about B\n" + b + "# about C\n\n# footer\n"},
  };
  for (const auto& k : cases) {
    CAPTURE(k.name);
    CHECK(k.after.at("mapRoles") == k.want);
    CHECK(k.after.at("mapAccounts") == before.at("mapAccounts"));
  }
}

TEST_CASE("Edits of mapUsers leave mapRoles alone") {
  const Data before = {
      {"mapRoles", kNode},
      {"mapUsers", "- userarn: arn:aws:iam::111122223333:user/a\n  username: a\n"}};
  const auto added =
      awsauth::AddMapping(before, Source::kUsers, {"arn:aws:iam::111122223333:user/b", "b", {}});
  CHECK(added.at("mapRoles") == kNode);
  CHECK(added.at("mapUsers") ==
        before.at("mapUsers") + "- userarn: arn:aws:iam::111122223333:user/b\n  username: b\n");
  const auto removed = awsauth::RemoveMapping(added, Source::kUsers, 0);
  CHECK(removed.at("mapRoles") == kNode);
  CHECK(removed.at("mapUsers") == "- userarn: arn:aws:iam::111122223333:user/b\n  username: b\n");
}

TEST_CASE("Edits refuse text they cannot change exactly, naming the line") {
  struct Case {
    std::string name;
    std::string value;
    std::string message_has;
  };
  const Case cases[] = {
      {"flow-style list holding an entry that cannot be written back",
       "[{rolearn: arn:aws:iam::111122223333:role/A, username: [a]}]\n",
       "mapRoles line 1: the list is not in block style"},
      {"a tab in a blank line", "- rolearn: arn:aws:iam::111122223333:role/A\n \t\n  username: a\n",
       "mapRoles line 2"},
      {"a key that does not parse",
       kNode + "- rolearn: arn:aws:iam::111122223333:role/A\n  groups: [a\n", "mapRoles line 8"},
      {"tab-indented key", "- rolearn: arn:aws:iam::111122223333:role/A\n\tusername: a\n",
       "mapRoles line 2"},
      {"not a list", "rolearn: arn:aws:iam::111122223333:role/A\n", "mapRoles line 1"},
      {"unquoted template",
       "- rolearn: arn:aws:iam::111122223333:role/A\n  username: {{SessionName}}\n",
       "mapRoles line 2"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const Data before = {{"mapRoles", c.value}};
    for (auto* what : {"add", "remove"}) {
      CAPTURE(what);
      const auto message = Refusal([&] {
        if (std::string(what) == "add") {
          (void)awsauth::AddMapping(before, Source::kRoles, kDev);
        } else {
          (void)awsauth::RemoveMapping(before, Source::kRoles, 0);
        }
      });
      CHECK(message.find(c.message_has) != std::string::npos);
    }
  }
}

TEST_CASE("Edits are refused when the result would lose or change another mapping") {
  // The node role borrows its username and groups from the entry before it: removing or
  // replacing that entry would break the node role, so the re-parse refuses it.
  const Data anchored = {{"mapRoles",
                          "- rolearn: arn:aws:iam::111122223333:role/old-node\n"
                          "  username: &nodeuser system:node:{{EC2PrivateDNSName}}\n"
                          "  groups: &nodegroups\n    - system:bootstrappers\n    - system:nodes\n"
                          "- rolearn: arn:aws:iam::111122223333:role/node\n"
                          "  username: *nodeuser\n  groups: *nodegroups\n"}};
  CHECK(awsauth::Parse(anchored).roles.at(1).groups ==
        std::vector<std::string>{"system:bootstrappers", "system:nodes"});
  CHECK(Refusal([&] {
          (void)awsauth::RemoveMapping(anchored, Source::kRoles, 0);
        }).find("fail to parse") != std::string::npos);
  CHECK(Refusal([&] {
          (void)awsauth::ReplaceMapping(anchored, Source::kRoles, 0, kDev);
        }).find("fail to parse") != std::string::npos);
  // Adding after an explicit document end would put the entry outside the document.
  const Data ended = {{"mapRoles", kNode + "...\n"}};
  CHECK_FALSE(Refusal([&] { (void)awsauth::AddMapping(ended, Source::kRoles, kDev); }).empty());
  // An index past the end.
  CHECK(Refusal([&] {
          (void)awsauth::RemoveMapping({{"mapRoles", kNode}}, Source::kRoles, 1);
        }).find("no entry 2") != std::string::npos);
}

TEST_CASE("Hostile usernames and groups round-trip exactly and never become YAML structure") {
  const std::vector<std::string> names = {
      "plain",
      "a\"b",
      "it's",
      "a: b",
      "a:b",
      "x #y",
      "#x",
      "- admin",
      "-admin",
      "-",
      "{admin}",
      "{{SessionName}}",
      "&anchor",
      "*alias",
      "!tag",
      "!!str",
      "[x]",
      "x]",
      "|",
      ">",
      "%",
      "@x",
      "`x`",
      "yes",
      "No",
      "true",
      "null",
      "~",
      "123",
      "0x1F",
      "1e3",
      ".5",
      ":x",
      "x:",
      "? x",
      "?x",
      "a,b",
      "a\\b",
      "trailing\\",
      "ü-ñ",
      "system:masters",
      "sso:Dev:{{SessionName}}",
      "a\nb",
      "tab\there",
      "line\r\nbreak",
      "  padded  ",
      "\"",
      "'",
      "- rolearn: arn:aws:iam::111122223333:role/Injected",
      "x\n- rolearn: arn:aws:iam::111122223333:role/Injected",
  };
  const Data before = {{"mapRoles", kNode}};
  for (const auto& name : names) {
    CAPTURE(name);
    const NewMapping m = {"arn:aws:iam::111122223333:role/Dev", name, {name, "ok"}};
    const auto after = awsauth::AddMapping(before, Source::kRoles, m);
    CHECK(after.at("mapRoles").substr(0, kNode.size()) == kNode);
    const auto parsed = awsauth::Parse(after);
    CHECK(parsed.errors.empty());
    REQUIRE(parsed.roles.size() == 2);
    CHECK(parsed.roles[1].arn == m.arn);
    CHECK(parsed.roles[1].username == name);
    CHECK(parsed.roles[1].groups == std::vector<std::string>{name, "ok"});
    CHECK(parsed.roles[0].groups ==
          std::vector<std::string>{"system:bootstrappers", "system:nodes"});
  }
}

// Issue 10 §2: a flow or JSON list (Terraform's jsonencode) is valid and read by the
// authenticator; edits rewrite that key in block style keeping every mapping, and say so.
TEST_CASE("Edits of a flow/JSON-style list rewrite it in block style, every mapping kept") {
  const std::string json =
      "[{\"rolearn\":\"arn:aws:iam::111122223333:role/node\",\"username\":\"system:node:{{"
      "EC2PrivateDNSName}}\",\"groups\":[\"system:bootstrappers\",\"system:nodes\"]},"
      "{\"rolearn\":\"arn:aws:iam::111122223333:role/Admin\",\"username\":\"admin\","
      "\"groups\":[\"system:masters\"],\"userid\":\"AROA1\"},"
      "{\"sso\":{\"permissionSetName\":\"Dev\",\"accountID\":\"111122223333\"},"
      "\"username\":\"dev\"}]";
  const Data before = {{"mapRoles", json}};
  const auto parsed = awsauth::Parse(before);
  REQUIRE(parsed.roles.size() == 3);
  CHECK(awsauth::RewritesInBlockStyle(before, parsed, Source::kRoles));
  const auto added = awsauth::AddMapping(before, Source::kRoles, kDev);
  const auto after = awsauth::Parse(added);
  REQUIRE(after.roles.size() == 4);
  for (std::size_t i = 0; i < 3; ++i) CHECK(after.roles[i].SameAs(parsed.roles[i]));
  CHECK(added.at("mapRoles").rfind("- rolearn: arn:aws:iam::111122223333:role/node\n", 0) == 0);
  const auto removed = awsauth::RemoveMapping(before, Source::kRoles, 1);
  const auto left = awsauth::Parse(removed);
  REQUIRE(left.roles.size() == 2);
  CHECK(left.roles[0].SameAs(parsed.roles[0]));
  CHECK(left.roles[1].SameAs(parsed.roles[2]));
  CHECK_FALSE(awsauth::RewritesInBlockStyle(added, after, Source::kRoles));
}
