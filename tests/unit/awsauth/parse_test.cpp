// awsauth::Parse against aws-iam-authenticator's rules (reference aws-auth-and-peers.md §1.3).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "awsauth/parse.hpp"
#include "awsauth/yaml_resolve.hpp"

using namespace ssomap;
using awsauth::Data;
using awsauth::Parse;

namespace {
using Groups = std::vector<std::string>;
}  // namespace

TEST_CASE("Parse: keys inside entries are case-insensitive, data keys are not") {
  struct Case {
    std::string name;
    Data data;
    std::size_t roles;
    std::size_t users;
  };
  const Case cases[] = {
      {"lower",
       {{"mapRoles",
         "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n  groups:\n    - g\n"}},
       1,
       0},
      {"crazy case",
       {{"mapRoles",
         "- rOlEaRn: arn:aws:iam::111122223333:role/A\n  UsErNaMe: a\n  GROUPS:\n    - g\n"}},
       1,
       0},
      {"open-source case",
       {{"mapRoles",
         "- roleARN: arn:aws:iam::111122223333:role/A\n  userName: a\n  Groups: [g]\n"}},
       1,
       0},
      {"users crazy case",
       {{"mapUsers",
         "- UserArn: arn:aws:iam::111122223333:user/u\n  USERNAME: a\n  groups: [g]\n"}},
       0,
       1},
      // The data keys themselves are exact: the authenticator reads nothing from these.
      {"maproles",
       {{"maproles", "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n"}},
       0,
       0},
      {"MaPuSeRs",
       {{"MaPuSeRs", "- userarn: arn:aws:iam::111122223333:user/u\n  username: a\n"}},
       0,
       0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto auth = Parse(c.data);
    REQUIRE(auth.roles.size() == c.roles);
    REQUIRE(auth.users.size() == c.users);
    CHECK(auth.errors.empty());
    for (const auto& m : c.roles ? auth.roles : auth.users) {
      CHECK(m.invalid.empty());
      CHECK(m.username == "a");
      CHECK(m.groups == Groups{"g"});
      CHECK(m.arn.find("arn:aws:iam::111122223333:") == 0);
    }
  }
}

TEST_CASE(
    "Parse: a key that does not parse loses its own entries, with its line; other keys load") {
  struct Case {
    std::string name;
    std::string bad_key;
    std::string bad_value;
    std::size_t line;
  };
  const Case cases[] = {
      {"unclosed flow list", "mapRoles",
       "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n  groups: [system:masters\n",
       4},
      {"tab indentation", "mapRoles",
       "- rolearn: arn:aws:iam::111122223333:role/A\n\tusername: a\n", 2},
      {"bad indentation", "mapUsers",
       "- userarn: arn:aws:iam::111122223333:user/u\n  username: a\n groups:\n    - g\n", 3},
      {"not a list", "mapUsers", "userarn: arn:aws:iam::111122223333:user/u\nusername: a\n", 1},
  };
  const std::string good_roles =
      "- rolearn: arn:aws:iam::111122223333:role/Good\n  username: good\n  groups:\n    - g\n";
  const std::string good_users =
      "- userarn: arn:aws:iam::111122223333:user/good\n  username: good\n";
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Data data = {{"mapRoles", good_roles},
                 {"mapUsers", good_users},
                 {"mapAccounts", "- \"444455556666\"\n"}};
    data[c.bad_key] = c.bad_value;
    const auto auth = Parse(data);
    REQUIRE(auth.errors.size() == 1);
    CHECK(auth.errors[0].key == c.bad_key);
    if (c.line) CHECK(auth.errors[0].line == c.line);
    CHECK(auth.errors[0].message.find(c.bad_key) != std::string::npos);
    CHECK(auth.List(c.bad_key == "mapRoles" ? awsauth::Source::kRoles : awsauth::Source::kUsers)
              .empty());
    const auto& other =
        auth.List(c.bad_key == "mapRoles" ? awsauth::Source::kUsers : awsauth::Source::kRoles);
    REQUIRE(other.size() == 1);
    CHECK(other[0].username == "good");
    CHECK(auth.accounts == std::vector<std::string>{"444455556666"});
  }
}

TEST_CASE("Parse: skippable empty values load as empty, without errors") {
  const std::string values[] = {
      "", " ", "\n\n", "\"\"", "''", "``", "  ''  \n", "[]", "# only a comment\n"};
  for (const auto& v : values) {
    CAPTURE(v);
    const auto auth = Parse({{"mapRoles", v}, {"mapUsers", v}, {"mapAccounts", v}});
    CHECK(auth.roles.empty());
    CHECK(auth.users.empty());
    CHECK(auth.accounts.empty());
    CHECK(auth.errors.empty());
  }
  CHECK(awsauth::IsSkippable("``"));
  CHECK(awsauth::IsSkippable(" \"\" "));
  CHECK_FALSE(awsauth::IsSkippable("[]"));
  CHECK_FALSE(awsauth::IsSkippable("'x'"));
}

TEST_CASE("Parse: sso matchers and userid are kept") {
  const auto auth = Parse(
      {{"mapRoles",
        "- sso:\n    permissionSetName: Admin\n    accountID: \"111122223333\"\n"
        "  username: admin:{{SessionName}}\n  groups:\n    - system:masters\n"
        "- rolearn: arn:aws:iam::111122223333:role/R\n  userid: AROAEXAMPLE\n  username: r\n"},
       {"mapUsers", "- userarn: arn:aws:iam::111122223333:user/u\n  UserID: AIDAEXAMPLE\n"}});
  REQUIRE(auth.roles.size() == 2);
  REQUIRE(auth.roles[0].sso.has_value());
  CHECK(auth.roles[0].sso->permission_set_name == "Admin");
  CHECK(auth.roles[0].sso->account_id == "111122223333");
  CHECK(auth.roles[0].sso->partition.empty());
  CHECK(auth.roles[0].arn.empty());
  CHECK(auth.roles[0].invalid.empty());
  CHECK(auth.roles[1].userid == "AROAEXAMPLE");
  CHECK_FALSE(auth.roles[1].sso.has_value());
  REQUIRE(auth.users.size() == 1);
  CHECK(auth.users[0].userid == "AIDAEXAMPLE");
}

TEST_CASE("Parse: invalid entries are dropped alone, with the reason") {
  struct Case {
    std::string name;
    std::string key;
    std::string entry;
    std::string why;
  };
  const Case cases[] = {
      {"no rolearn nor sso", "mapRoles", "- username: x\n  groups: [g]\n", "one of rolearn or sso"},
      {"both rolearn and sso", "mapRoles",
       "- rolearn: arn:aws:iam::111122223333:role/X\n  sso:\n    permissionSetName: P\n    "
       "accountID: \"111122223333\"\n",
       "only one of rolearn or sso"},
      {"no userarn", "mapUsers", "- username: x\n", "userarn must be supplied"},
      {"scalar entry", "mapRoles", "- arn:aws:iam::111122223333:role/X\n", "not a mapping"},
      {"rolearn a number (J4, J5)", "mapRoles", "- rolearn: 0x1F\n  username: x\n",
       "one of rolearn or sso must be supplied ('rolearn' is 0x1F"},
      {"sso account unquoted digits: an int (J5, J8)", "mapRoles",
       "- sso:\n    permissionSetName: Admin\n    accountID: 111122223333\n",
       "AccountID '' is not a valid AWS Account ID"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string good =
        c.key == "mapRoles" ? "- rolearn: arn:aws:iam::111122223333:role/Good\n  username: g\n"
                            : "- userarn: arn:aws:iam::111122223333:user/good\n  username: g\n";
    const auto auth = Parse({{c.key, good + c.entry + good}});
    const auto& list =
        auth.List(c.key == "mapRoles" ? awsauth::Source::kRoles : awsauth::Source::kUsers);
    CHECK(auth.errors.empty());
    REQUIRE(list.size() == 3);
    CHECK(list[0].invalid.empty());
    CHECK(list[1].invalid.find(c.why) != std::string::npos);
    CHECK(list[2].invalid.empty());
    CHECK(list[2].index == 2);
  }
}

TEST_CASE("Parse: positions count every item and give the item's line within the value") {
  const auto auth =
      Parse({{"mapRoles",
              "# header\n- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n\n"
              "# between\n- username: broken\n-   rolearn: arn:aws:iam::111122223333:role/C\n"}});
  REQUIRE(auth.roles.size() == 3);
  CHECK(auth.roles[0].line == 2);
  CHECK(auth.roles[1].line == 6);
  CHECK(auth.roles[2].line == 7);
  CHECK(auth.roles[2].index == 2);
  CHECK(auth.roles[2].arn == "arn:aws:iam::111122223333:role/C");
}

TEST_CASE("Parse: a mis-indented group is read as one group, as the authenticator reads it") {
  // aws-iam-authenticator fixture aws-auth-space-out-of-place.yaml.
  const auto auth = Parse({{"mapRoles",
                            "- rolearn: arn:aws:iam::111122223333:role/node\n"
                            "  username: system:node:{{EC2PrivateDNSName}}\n"
                            "  groups:\n    - system:bootstrappers\n       - system:nodes\n"}});
  REQUIRE(auth.roles.size() == 1);
  CHECK(auth.roles[0].groups == Groups{"system:bootstrappers - system:nodes"});
}

// Was "the later one wins", which pinned the wrong rule: keys reach encoding/json sorted
// (json_decode.hpp J2), so `rolearn` (sorting after `RoleArn`) wins wherever it is.
TEST_CASE("Parse: when a field is repeated in different cases, the key sorting last wins") {
  const auto auth = Parse({{"mapRoles",
                            "- rolearn: arn:aws:iam::111122223333:role/First\n"
                            "  RoleArn: arn:aws:iam::111122223333:role/Second\n"}});
  REQUIRE(auth.roles.size() == 1);
  CHECK(auth.roles[0].arn == "arn:aws:iam::111122223333:role/First");
}

TEST_CASE("Parse: mapAccounts takes quoted and unquoted account IDs; a bad list loses them all") {
  CHECK(Parse({{"mapAccounts", "- 555555555555\n- \"666666666666\"\n"}}).accounts ==
        std::vector<std::string>{"555555555555", "666666666666"});
  struct Bad {
    std::string value;
    std::string why;
  };
  const Bad cases[] = {
      {"555555555555\n", "must be a YAML list"},
      {"- 555555555555\n- [a]\n", "must be an account ID"},
      {"- [555555555555\n", "does not parse"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    const auto auth = Parse({{"mapAccounts", c.value}});
    CHECK(auth.accounts.empty());
    REQUIRE(auth.errors.size() == 1);
    CHECK(auth.errors[0].key == "mapAccounts");
    CHECK(auth.errors[0].message.find(c.why) != std::string::npos);
  }
}

TEST_CASE("Parse: an unquoted {{template}} is a YAML mapping key the authenticator cannot decode") {
  // go-yaml fails with "invalid map key" on a mapping used as a key, and the whole key is lost.
  const auto auth =
      Parse({{"mapRoles",
              "- rolearn: arn:aws:iam::111122223333:role/A\n  username: {{SessionName}}\n"
              "- rolearn: arn:aws:iam::111122223333:role/B\n  username: b\n"},
             {"mapUsers", "- userarn: arn:aws:iam::111122223333:user/u\n  username: u\n"}});
  CHECK(auth.roles.empty());
  REQUIRE(auth.errors.size() == 1);
  CHECK(auth.errors[0].key == "mapRoles");
  CHECK(auth.errors[0].line == 2);
  CHECK(auth.users.size() == 1);
}

// The wrong-typed fields of the old table above, as the authenticator really reads them: the
// field stays empty and the entry is kept (json_decode.hpp J4).
TEST_CASE("J4 a wrong-typed field is left empty and the entry kept") {
  struct Case {
    std::string name;
    std::string entry;
    std::string username;
    std::vector<std::string> groups;
    std::string ignored;
  };
  const Case cases[] = {
      {"groups a string",
       "  username: u\n  groups: system:masters\n",
       "u",
       {},
       "'groups' is system:masters"},
      {"group a list",
       "  username: u\n  groups:\n    - [a, b]\n    - c\n",
       "u",
       {"", "c"},
       "'groups' is a list"},
      {"username a list", "  username: [a]\n  groups: [g]\n", "", {"g"}, "'username' is a list"},
      {"username true", "  username: yes\n", "", {}, "'username' is yes"},
      {"group a number", "  groups: [dev, 1e3]\n", "", {"dev", ""}, "'groups' is 1e3"},
      {"sso a string", "  username: u\n  sso: Admin\n", "u", {}, "'sso' is Admin"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto auth =
        Parse({{"mapRoles", "- rolearn: arn:aws:iam::111122223333:role/X\n" + c.entry}});
    REQUIRE(auth.roles.size() == 1);
    CHECK(auth.roles[0].invalid.empty());
    CHECK(auth.roles[0].username == c.username);
    CHECK(auth.roles[0].groups == c.groups);
    CHECK(auth.roles[0].ignored.find(c.ignored) != std::string::npos);
  }
}

TEST_CASE("J1 keys fold as encoding/json folds them; unknown keys are ignored") {
  // U+017F LATIN SMALL LETTER LONG S folds to 's' (bytes.EqualFold).
  const auto auth = Parse({{"mapUsers",
                            "- UserArn: arn:aws:iam::111122223333:user/a\n  u\xC5\xBF"
                            "ername: long-s\n"
                            "  GROUPS: [g]\n  extra: ignored\n"}});
  REQUIRE(auth.users.size() == 1);
  CHECK(auth.users[0].arn == "arn:aws:iam::111122223333:user/a");
  CHECK(auth.users[0].username == "long-s");
  CHECK(auth.users[0].groups == std::vector<std::string>{"g"});
}

TEST_CASE("J2 of two spellings of a field, the one sorting last wins") {
  // json.Marshal sorts keys: "RoleArn" < "rolearn", so rolearn is applied last and stays,
  // wherever it is in the document.
  for (const char* doc :
       {"- rolearn: arn:aws:iam::1:role/lower\n  RoleArn: arn:aws:iam::1:role/upper\n",
        "- RoleArn: arn:aws:iam::1:role/upper\n  rolearn: arn:aws:iam::1:role/lower\n"}) {
    CAPTURE(doc);
    const auto auth = Parse({{"mapRoles", doc}});
    REQUIRE(auth.roles.size() == 1);
    CHECK(auth.roles[0].arn == "arn:aws:iam::1:role/lower");
  }
  // A wrong-typed spelling applied last leaves the earlier one's value (J4).
  const auto auth = Parse({{"mapRoles", "- rolearn: 5\n  RoleArn: arn:aws:iam::1:role/upper\n"}});
  REQUIRE(auth.roles.size() == 1);
  CHECK(auth.roles[0].arn == "arn:aws:iam::1:role/upper");
}

TEST_CASE("J3 a repeated key: the last value") {
  const auto auth =
      Parse({{"mapRoles", "- {rolearn: arn:aws:iam::1:role/a, rolearn: arn:aws:iam::1:role/b}\n"}});
  REQUIRE(auth.roles.size() == 1);
  CHECK(auth.roles[0].arn == "arn:aws:iam::1:role/b");
}

TEST_CASE("J5 go-yaml's implicit types: what is not a string") {
  for (const char* v : {"yes",
                        "No",
                        "on",
                        "OFF",
                        "y",
                        "true",
                        "123",
                        "-7",
                        "0x1F",
                        "0o17",
                        "017",
                        "0b101",
                        "1_000",
                        "1e3",
                        "1.5",
                        ".5",
                        ".inf",
                        "-.Inf",
                        ".NaN",
                        "08",
                        "18446744073709551615",
                        "99999999999999999999999"}) {
    CAPTURE(v);
    CHECK(awsauth::PlainIsNonString(v));
  }
  for (const char* v : {"arn:aws:iam::1:role/x", "yes please", "0x", "1.2.3", "2001-12-14", "e3",
                        "+", "-", "0xZZ", "1e", "12:30", "<<"}) {
    CAPTURE(v);
    CHECK_FALSE(awsauth::PlainIsNonString(v));
  }
}

TEST_CASE("J6 null keeps a string, clears groups and sso") {
  const auto auth =
      Parse({{"mapRoles", "- rolearn: arn:aws:iam::1:role/a\n  username: ~\n  groups: null\n"}});
  REQUIRE(auth.roles.size() == 1);
  CHECK(auth.roles[0].username.empty());
  CHECK(auth.roles[0].groups.empty());
  CHECK(auth.roles[0].ignored.empty());
  CHECK(auth.roles[0].invalid.empty());
}

TEST_CASE("J7 an item that is not a mapping is dropped") {
  const auto auth = Parse({{"mapRoles", "- arn:aws:iam::1:role/a\n- ~\n- [x]\n"}});
  REQUIRE(auth.roles.size() == 3);
  for (const auto& m : auth.roles) CHECK_FALSE(m.invalid.empty());
}

TEST_CASE("a null key fails the whole key, as sigs.k8s.io/yaml does (unsupported map key)") {
  const auto auth = Parse({{"mapRoles", "- rolearn: arn:aws:iam::1:role/a\n  ~: x\n"}});
  CHECK(auth.roles.empty());
  REQUIRE(auth.errors.size() == 1);
  CHECK(auth.errors[0].line == 2);
}
