// awsauth::Parse (the plain-block reader, or libyaml's parser for other YAML) against the oracle
// of issue 10 §2: libyaml itself reading each key (tests/reference/libyaml_oracle.hpp), then the
// authenticator's struct rules. Over the aws-auth corpus, hand-written YAML corners, mutations of
// both, and generated documents: a key libyaml rejects is reported by Parse as not parsing and
// lists nothing; a key libyaml accepts gives the same entries, lines included.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "../../reference/libyaml_oracle.hpp"
#include "awsauth/parse.hpp"
#include "awsauth/tree.hpp"
#include "yaml_inputs.hpp"

using namespace ssomap;
using awsauth::Data;

namespace {

using test_inputs::CorpusValues;
using test_inputs::kCorners;
using test_inputs::Mutations;

struct Tally {
  std::size_t compared = 0;
  std::size_t rejected = 0;  // by libyaml
  std::size_t with_entries = 0;
  std::vector<std::string> differences;
};

// "" when equal, else what differs first.
std::string EntriesDiffer(const std::vector<awsauth::Mapping>& a,
                          const std::vector<awsauth::Mapping>& b) {
  if (a.size() != b.size())
    return "libyaml: " + std::to_string(a.size()) + " entries, Parse: " + std::to_string(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].SameAs(b[i]))
      return "entry " + std::to_string(i) + ": libyaml {" + a[i].arn + "|" + a[i].username + "|" +
             a[i].invalid + "|" + a[i].ignored + "} Parse {" + b[i].arn + "|" + b[i].username +
             "|" + b[i].invalid + "|" + b[i].ignored + "}";
    if (a[i].line != b[i].line)
      return "entry " + std::to_string(i) + " line: libyaml " + std::to_string(a[i].line) +
             ", Parse " + std::to_string(b[i].line);
  }
  return {};
}

bool HasError(const awsauth::AwsAuth& auth, const std::string& key) {
  for (const auto& e : auth.errors) {
    if (e.key == key) return true;
  }
  return false;
}

void Compare(const std::string& value, Tally& tally) {
  const Data data = {{"mapRoles", value}, {"mapUsers", value}, {"mapAccounts", value}};
  const auto want = oracle::Decode(data);
  const auto got = awsauth::Parse(data);
  ++tally.compared;
  tally.rejected += HasError(want, "mapRoles") ? 1U : 0U;
  tally.with_entries += want.roles.empty() ? 0U : 1U;
  std::string why = EntriesDiffer(want.roles, got.roles);
  if (why.empty() && want.accounts != got.accounts) why = "accounts";
  for (const char* key : {"mapRoles", "mapUsers", "mapAccounts"}) {
    if (why.empty() && HasError(want, key) != HasError(got, key))
      why = std::string(key) + (HasError(want, key) ? ": libyaml rejects, Parse accepts"
                                                    : ": Parse rejects, libyaml accepts");
  }
  if (why.empty()) return;
  // Which reader Parse used: the plain-block reader, or libyaml's parser.
  const bool plain = awsauth::ReadPlainBlockTree(value).has_value();
  tally.differences.push_back((plain ? "plain-block: " : "libyaml: ") + why + " in: " + value);
}

// Documents built from aws-auth's own vocabulary: entries with each field spelled and typed in
// the ways users write them (case, quoting, flow, wrong types, unquoted templates, numbers).
std::vector<std::string> Generated() {
  const char* keys[] = {"rolearn",  "RoleArn", "ROLEARN", "userarn", "username",
                        "UserName", "groups",  "Groups",  "sso",     "userid"};
  const char* values[] = {"arn:aws:iam::111122223333:role/x",
                          "\"arn:aws:iam::111122223333:role/x\"",
                          "'q'",
                          "123",
                          "0x1F",
                          "1e3",
                          "yes",
                          "on",
                          "~",
                          "null",
                          "[a, b]",
                          "[]",
                          "{permissionSetName: A, accountID: \"111122223333\"}",
                          "\"{{SessionName}}\"",
                          "[\"x\", 12, true, ~]",
                          ".inf",
                          "0b101",
                          "08",
                          "2001-12-14",
                          "{}"};
  std::vector<std::string> out;
  for (const char* k1 : keys) {
    for (const char* v1 : values) {
      for (const char* k2 : {"rolearn", "rOlEaRn", "username", "groups"}) {
        out.push_back(std::string("- ") + k1 + ": " + v1 + "\n  " + k2 +
                      ": arn:aws:iam::111122223333:role/y\n");
        out.push_back(std::string("- {") + k1 + ": " + v1 + ", " + k2 + ": z}\n");
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE(
    "Parse agrees with libyaml + the authenticator's rules (corpus, corners, mutations, "
    "generated)") {
  std::vector<std::string> seeds = CorpusValues();
  const std::size_t corpus = seeds.size();
  for (const char* corner : kCorners) seeds.emplace_back(corner);
  Tally tally;
  std::size_t mutated = 0;
  for (const auto& seed : seeds) {
    Compare(seed, tally);
    for (const auto& m : Mutations(seed)) {
      Compare(m, tally);
      ++mutated;
    }
  }
  const auto generated = Generated();
  for (const auto& g : generated) Compare(g, tally);
  MESSAGE("corpus values: " << corpus << ", corners: " << std::size(kCorners)
                            << ", mutations: " << mutated << ", generated: " << generated.size()
                            << "; compared: " << tally.compared << " (rejected by libyaml: "
                            << tally.rejected << ", with entries: " << tally.with_entries
                            << "); differences: " << tally.differences.size());
  std::map<std::string, std::size_t> kinds;  // the kind of each difference, numbers dropped
  for (const auto& d : tally.differences) {
    std::string kind;
    for (char c : d.substr(0, d.find(" in: "))) {
      if (c < '0' || c > '9') kind += c;
    }
    ++kinds[kind.substr(0, 60)];
  }
  for (const auto& [kind, n] : kinds) MESSAGE(n << " x " << kind);
  // Parse agrees with the oracle on every input, whichever reader it used (the first 30
  // differences are shown).
  std::size_t shown = 0;
  for (const auto& d : tally.differences) {
    if (++shown > 30) break;
    CAPTURE(d);
    FAIL_CHECK("Parse and the libyaml oracle differ");
  }
  CHECK(tally.differences.empty());
  CHECK(tally.compared > 10000);
  CHECK(tally.rejected > 1000);
  CHECK(tally.with_entries > 1000);
}

TEST_CASE(
    "an unterminated quoted scalar on the last line: libyaml rejects it, so does Parse "
    "(issue 10 §2 example)") {
  const std::string value =
      "- rolearn: arn:aws:iam::111122223333:role/node\n  username: n\n"
      "- rolearn: \"arn:aws:iam::111122223333:role/x\n";
  const auto read = oracle::ReadWithLibyaml(value);
  CHECK_FALSE(read.tree.has_value());
  const auto got = awsauth::Parse({{"mapRoles", value}});
  REQUIRE(got.errors.size() == 1);
  CHECK(got.errors[0].key == "mapRoles");
  CHECK(got.errors[0].line >= 3);
  CHECK(got.roles.empty());
}

TEST_CASE("Parse: an alias inside its own anchor's value fails the key, with the alias's line") {
  const auto auth = awsauth::Parse({{"mapRoles", "- rolearn: a\n- &x\n  - b\n  - *x\n"}});
  REQUIRE(auth.errors.size() == 1);
  CHECK(auth.errors[0].line == 4);
  CHECK(auth.roles.empty());
}
