// awsauth::Parse (the plain-block reader, or yaml-cpp parser events for other YAML) against the
// node-tree decoder it replaced (tests/reference/node_tree_parse.hpp): identical AwsAuth, lines
// and errors included, over the aws-auth corpus, hand-written YAML corners, and mutations of both.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "../../reference/node_tree_parse.hpp"
#include "awsauth/parse.hpp"
#include "yaml_inputs.hpp"

using namespace ssomap;
using awsauth::Data;

namespace {

using test_inputs::CorpusValues;
using test_inputs::kCorners;
using test_inputs::Mutations;

struct Tally {
  std::size_t compared = 0;
  std::size_t with_errors = 0;
  std::size_t with_entries = 0;
  std::size_t self_alias = 0;
  std::size_t differences = 0;
};

void Compare(const std::string& value, Tally& tally) {
  const Data data = {{"mapRoles", value}, {"mapUsers", value}, {"mapAccounts", value}};
  const auto got = awsauth::Parse(data);
  if (awsauth::reference::HasSelfAlias(data)) {
    // The reference never returns on these; the event decoder refuses the key.
    ++tally.self_alias;
    CHECK(got.errors.size() == 3);
    return;
  }
  const auto want = awsauth::reference::Parse(data);
  ++tally.compared;
  tally.with_errors += want.errors.empty() ? 0U : 1U;
  tally.with_entries += want.roles.empty() && want.users.empty() ? 0U : 1U;
  if (!awsauth::reference::Identical(want, got)) {
    ++tally.differences;
    CAPTURE(value);
    FAIL_CHECK("the event decoder and the node-tree decoder differ");
  }
}

}  // namespace

TEST_CASE("Parse: the event decoder gives exactly what the node-tree decoder gave") {
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
  MESSAGE("corpus values: " << corpus << ", corners: " << std::size(kCorners)
                            << ", mutations: " << mutated << "; compared: " << tally.compared
                            << " (with key errors: " << tally.with_errors << ", with entries: "
                            << tally.with_entries << "), self-alias (refused): " << tally.self_alias
                            << "; differences: " << tally.differences);
  CHECK(tally.differences == 0);
  CHECK(tally.compared > 10000);
  CHECK(tally.with_errors > 1000);
  CHECK(tally.with_entries > 1000);
}

TEST_CASE("Parse: an alias inside its own anchor's value fails the key, with the alias's line") {
  const auto auth = awsauth::Parse({{"mapRoles", "- rolearn: a\n- &x\n  - b\n  - *x\n"}});
  REQUIRE(auth.errors.size() == 1);
  CHECK(auth.errors[0].line == 4);
  CHECK(auth.roles.empty());
}
