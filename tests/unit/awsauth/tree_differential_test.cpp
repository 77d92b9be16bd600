// The plain-block reader (ReadPlainBlockTree) against libyaml (ReadYamlTree): whenever the
// fast reader takes an input, libyaml must read it too and build the same tree — kinds,
// scalars, structure and lines. Inputs: the aws-auth corpus, the YAML corners and their
// mutations, and generated block-style documents with the variations people write by hand.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "../../reference/tree_difference.hpp"
#include "awsauth/tree.hpp"
#include "yaml_inputs.hpp"

using namespace ssomap;
using awsauth::Tree;

namespace {

struct Tally {
  std::size_t inputs = 0;
  std::size_t taken = 0;  ///< read by the plain-block reader
  std::size_t differences = 0;
};

void Compare(const std::string& text, Tally& tally) {
  ++tally.inputs;
  const auto fast = awsauth::ReadPlainBlockTree(text);
  if (!fast) return;
  ++tally.taken;
  awsauth::YamlProblem problem;
  const auto want = awsauth::ReadYamlTree(text, problem);
  const std::string difference = want ? awsauth::reference::TreeDifference(*want, *fast)
                                      : "libyaml refuses it: " + problem.problem;
  if (!difference.empty()) {
    ++tally.differences;
    CAPTURE(text);
    CAPTURE(difference);
    FAIL_CHECK("the plain-block reader and libyaml differ");
  }
}

// A block-style aws-auth list the way people and tools write it, with random choices of
// indentation, key case, scalar style, comments and blank lines; now and then a near miss
// (a misplaced indent, a continuation line, an indicator).
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string Document() {
    std::string out;
    const std::size_t dash = Pick({0, 0, 2, 4});
    const std::size_t entries = 1 + Below(6);
    if (Chance(4)) out += "# " + Scalar() + "\n";
    for (std::size_t e = 0; e < entries; ++e) Entry(out, dash);
    if (Chance(8)) out += std::string(Below(6), ' ') + "# trailing\n";
    if (Chance(10) && !out.empty()) out.pop_back();  // no final line break
    if (Chance(6)) Mutate(out);
    return out;
  }

 private:
  std::size_t Below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool Chance(std::size_t one_in) { return Below(one_in) == 0; }
  std::size_t Pick(std::initializer_list<std::size_t> options) {
    return *(options.begin() + Below(options.size()));
  }
  template <std::size_t N>
  const char* Pick(const char* const (&options)[N]) {
    return options[Below(N)];
  }

  std::string Plain() {
    static const char* const kPlain[] = {
        "arn:aws:iam::111122223333:role/Admin",
        "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/"
        "AWSReservedSSO_Dev_0123456789abcdef",
        "arn:aws:iam::111122223333:user/alice",
        "system:node:{{EC2PrivateDNSName}}",
        "sso:{{SessionName}}",
        "admin:{{AccountID}}:{{SessionNameRaw}}",
        "system:masters",
        "system:bootstrappers",
        "team-a",
        "a b  c",
        "a#b",
        "x,y",
        "a[1]",
        "k=v",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "~x",
        "true",
        "no",
        "0x1f",
        "555555555555",
        "1.5",
        ".inf",
        "..",
        "$HOME",
        "(paren)",
        "a?b",
        "a&b*c!d%e@f`g",
        "a'b\"c",
        "a\\b",
        "a:b",
        "::",
        "a: b",
        "a:",
        "a :b",
        "-a",
        "&anchor",
        "*alias",
        "!tag",
        "{{SessionName}}",
        "[x]",
        "|",
        ">",
        "@x",
        "`x",
        "%x",
        "?",
        ":x",
        ",x",
        "#x",
    };
    return Pick(kPlain);
  }

  std::string Scalar() {
    switch (Below(8)) {
      case 0:
        return "'" + Plain() + "'";
      case 1:
        return "'it''s " + Plain() + "'";
      case 2:
        return "\"" + Plain() + "\"";
      case 3:
        return "''";
      default:
        return Plain();
    }
  }

  std::string Tail() {
    switch (Below(8)) {
      case 0:
        return " # note";
      case 1:
        return "   ";
      case 2:
        return " #";
      default:
        return "";
    }
  }

  std::string Key() {
    static const char* const kKeys[] = {"rolearn", "userarn",  "username", "groups",    "userid",
                                        "RoleARN", "UserName", "GROUPS",   "extra_key", "x-y",
                                        "null",    "Null",     "k9"};
    return Pick(kKeys);
  }

  std::string FlowList() {
    if (Chance(5)) return Pick({0, 1}) == 0 ? "[]" : "[ ]";
    std::string out = "[";
    const std::size_t n = 1 + Below(3);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) out += Chance(3) ? "," : ", ";
      out += Scalar();
    }
    return out + (Chance(4) ? " ]" : "]");
  }

  // A key's value: inline, a nested list (indented or at the key's column), a nested mapping,
  // or nothing.
  void Value(std::string& out, std::size_t column, const std::string& key) {
    const std::size_t choice = Below(10);
    if (choice < 5) {
      out += " " + Scalar() + Tail() + "\n";
    } else if (choice == 5) {
      out += " " + FlowList() + Tail() + "\n";
    } else if (choice <= 7) {
      out += Tail() + "\n";
      const std::size_t col = column + Pick({0, 2, 2, 4});
      if (Chance(5)) out += std::string(Below(8), ' ') + "# between\n";
      const std::size_t n = 1 + Below(3);
      for (std::size_t i = 0; i < n; ++i)
        out +=
            std::string(col, ' ') + "-" + std::string(1 + Below(2), ' ') + Scalar() + Tail() + "\n";
    } else if (choice == 8 && key != "null") {
      out += Tail() + "\n";
      const std::size_t col = column + 2 + Below(3);
      const std::size_t n = 1 + Below(3);
      for (std::size_t i = 0; i < n; ++i)
        out += std::string(col, ' ') + Key() + ": " + Scalar() + "\n";
    } else {
      out += Tail() + "\n";
    }
  }

  void Entry(std::string& out, std::size_t dash) {
    const std::size_t offset = 1 + Below(3);
    const std::size_t column = dash + 1 + offset;
    if (Chance(6)) out += "\n";
    if (Chance(10)) {
      out += std::string(dash, ' ') + "-" + std::string(offset, ' ') + Scalar() + Tail() +
             "\n";  // not a mapping
      return;
    }
    const std::size_t keys = 1 + Below(4);
    for (std::size_t k = 0; k < keys; ++k) {
      out += k == 0 ? std::string(dash, ' ') + "-" + std::string(offset, ' ')
                    : std::string(column, ' ');
      const std::string key = Key();
      out += key + ":";
      Value(out, column, key);
      if (Chance(12)) out += std::string(Below(column + 3), ' ') + "# inside\n";
    }
  }

  void Mutate(std::string& out) {
    static const char* const kSplices[] = {" ",  "  ", "\n", "\n ", "- ", ": ", "#",  " #",    "'",
                                           "\"", "[",  "]",  ",",   "{",  "\t", "\r", "---\n", "x"};
    const std::size_t at = Below(out.size() + 1);
    if (Chance(3) && at < out.size()) {
      out.erase(at, 1);
    } else {
      out.insert(at, Pick(kSplices));
    }
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("ReadPlainBlockTree: whatever it reads, libyaml reads the same") {
  Tally tally;
  std::vector<std::string> seeds = test_inputs::CorpusValues();
  for (const char* corner : test_inputs::kCorners) seeds.emplace_back(corner);
  for (const auto& seed : seeds) {
    Compare(seed, tally);
    for (const auto& m : test_inputs::Mutations(seed)) Compare(m, tally);
  }
  const std::size_t from_corpus = tally.taken;
  Generator generator(20261129);
  for (int i = 0; i < 40000; ++i) Compare(generator.Document(), tally);
  MESSAGE("inputs: " << tally.inputs << "; read by the plain-block reader: " << tally.taken
                     << " (corpus and mutations: " << from_corpus
                     << "); differences: " << tally.differences);
  CHECK(tally.differences == 0);
  CHECK(from_corpus > 2000);
  CHECK(tally.taken > 10000);
}

TEST_CASE("ReadPlainBlockTree: leaves to libyaml what it does not read exactly") {
  const char* const kOthers[] = {
      "",                                              // no list
      "# only a comment\n",                            //
      "rolearn: a\n",                                  // a mapping at the top
      "- rolearn: a\n  username: {{SessionName}}\n",   // a flow mapping (a complex key for go-yaml)
      "- rolearn: &a x\n",                             // anchors
      "- rolearn: x\n  username: y\n    continued\n",  // a multi-line plain scalar
      "- rolearn: \"a\\tb\"\n",                        // escapes
      "- rolearn: 'a\n  b'\n",                         // a quote across lines
      "- rolearn: a\r\n",                              // CR
      "- rolearn: a\n\tusername: b\n",                 // a tab
      "- rolearn: arn:aws:iam::111122223333:role/\xc3\xa9\n",  // UTF-8
      "---\n- rolearn: a\n",                                   // a document marker
      "-\n  rolearn: a\n",                                     // an empty dash line
      "- - a\n",                                               // a list in a list
      "- rolearn: a\n username: b\n",                          // a key left of the first
      "- groups: [a, [b]]\n",                                  // nested flow
      "- groups: [a, ]\n",                                     // a trailing comma
      "- username: |\n    x\n",                                // a block scalar
  };
  for (const char* text : kOthers) {
    CAPTURE(text);
    CHECK_FALSE(awsauth::ReadPlainBlockTree(text).has_value());
  }
}

TEST_CASE("ReadPlainBlockTree: reads the usual aws-auth with its lines") {
  const auto tree = awsauth::ReadPlainBlockTree(
      "# nodes\n"
      "- rolearn: arn:aws:iam::111122223333:role/node # the node role\n"
      "  username: system:node:{{EC2PrivateDNSName}}\n"
      "  groups:\n"
      "    - system:bootstrappers\n"
      "    - 'system:nodes'\n"
      "\n"
      "-   rolearn: \"arn:aws:iam::111122223333:role/Admin\"\n"
      "    groups: [system:masters, ~]\n"
      "    username:\n");
  REQUIRE(tree.has_value());
  const auto& t = *tree;
  const auto child = [&](std::size_t node, std::size_t i) -> std::size_t {
    return t.Children(node)[i];
  };
  REQUIRE(t[t.root].kind == Tree::Kind::kSequence);
  REQUIRE(t[t.root].count == 2);
  const std::size_t first = child(t.root, 0);
  CHECK(t[first].line == 2);
  REQUIRE(t[first].count == 6);
  CHECK(t[child(first, 1)].scalar == "arn:aws:iam::111122223333:role/node");
  const std::size_t groups = child(first, 5);
  REQUIRE(t[groups].count == 2);
  CHECK(t[child(groups, 1)].scalar == "system:nodes");
  CHECK(t[child(groups, 1)].line == 6);
  const std::size_t second = child(t.root, 1);
  CHECK(t[second].line == 8);
  const std::size_t flow = child(second, 3);
  REQUIRE(t[flow].count == 2);
  CHECK(t[child(flow, 1)].kind == Tree::Kind::kNull);
  CHECK(t[child(second, 5)].kind == Tree::Kind::kNull);
}
