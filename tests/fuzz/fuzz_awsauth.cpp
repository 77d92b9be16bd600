// libFuzzer target: aws-auth parse, checks and every edit on fuzzed data. Never a crash; and
// when an edit succeeds, parsing its result shows exactly the intended change: every other
// mapping, the other keys' bytes, mapAccounts and the parse errors are as they were. And Parse
// agrees with the oracle of issue 10 §2 (libyaml and the authenticator's rules): the same
// entries, the same keys in error. And whatever the plain-block reader takes, libyaml reads as
// the same tree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "../reference/libyaml_oracle.hpp"
#include "../reference/tree_difference.hpp"
#include "awsauth/checks.hpp"
#include "awsauth/edit.hpp"
#include "awsauth/manifest.hpp"
#include "awsauth/parse.hpp"
#include "awsauth/tree.hpp"
#include "core/error.hpp"

using namespace ssomap;
using awsauth::Source;

namespace {

// Entries beyond this many are not each removed and replaced, to keep an input fast.
constexpr std::size_t kMaxEditedEntries = 6;

enum class Op { kAdd, kReplace, kRemove };

void Expect(bool ok) {
  if (!ok) std::abort();
}

void SameList(const std::vector<awsauth::Mapping>& want, const std::vector<awsauth::Mapping>& got) {
  Expect(want.size() == got.size());
  for (std::size_t i = 0; i < want.size(); ++i) Expect(want[i].SameAs(got[i]));
}

awsauth::Mapping AsMapping(Source source, const awsauth::NewMapping& m) {
  awsauth::Mapping out;
  out.source = source;
  out.arn = m.arn;
  out.username = m.username;
  out.groups = m.groups;
  return out;
}

void TryEdit(const awsauth::Data& data, const awsauth::AwsAuth& before, Source source, Op op,
             std::size_t index, const awsauth::NewMapping& mapping) {
  awsauth::Data after_data;
  try {
    switch (op) {
      case Op::kAdd:
        after_data = awsauth::AddMapping(data, source, mapping);
        break;
      case Op::kReplace:
        after_data = awsauth::ReplaceMapping(data, source, index, mapping);
        break;
      case Op::kRemove:
        after_data = awsauth::RemoveMapping(data, source, index);
        break;
    }
  } catch (const Error& e) {
    Expect(e.exit() == Exit::kRefused);
    return;
  }
  const std::string key = awsauth::SourceKey(source);
  for (const auto& [k, v] : data) {
    if (k != key) Expect(after_data.count(k) && after_data.at(k) == v);
  }
  const auto after = awsauth::Parse(after_data);
  Expect(after.errors == before.errors);
  Expect(after.accounts == before.accounts);
  const Source other = source == Source::kRoles ? Source::kUsers : Source::kRoles;
  SameList(before.List(other), after.List(other));
  auto want = before.List(source);
  if (op == Op::kAdd) want.push_back(AsMapping(source, mapping));
  if (op == Op::kReplace) want[index] = AsMapping(source, mapping);
  if (op == Op::kRemove) want.erase(want.begin() + static_cast<std::ptrdiff_t>(index));
  SameList(want, after.List(source));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(bytes), size);
  // A manifest (the seeds are) gives realistic data; anything else is both lists' text.
  awsauth::Data data;
  try {
    data = awsauth::ParseManifest(input).data;
  } catch (const Error&) {
    data = {{"mapRoles", input}, {"mapUsers", input}, {"mapAccounts", input}};
  }
  for (const auto& [key, value] : data) {
    if (const auto fast = awsauth::ReadPlainBlockTree(value)) {
      awsauth::YamlProblem problem;
      const auto want = awsauth::ReadYamlTree(value, problem);
      Expect(want.has_value() && awsauth::reference::TreeDifference(*want, *fast).empty());
    }
  }
  const auto before = awsauth::Parse(data);
  // The oracle of issue 10 §2 holds on every input.
  const auto want = oracle::Decode(data);
  for (const char* key : {awsauth::kMapRoles, awsauth::kMapUsers, awsauth::kMapAccounts}) {
    const auto has = [&](const awsauth::AwsAuth& a) {
      for (const auto& e : a.errors) {
        if (e.key == key) return true;
      }
      return false;
    };
    Expect(has(want) == has(before));
  }
  SameList(want.roles, before.roles);
  SameList(want.users, before.users);
  Expect(want.accounts == before.accounts);
  for (auto source : {Source::kRoles, Source::kUsers}) {
    Expect(awsauth::Check(before, source).size() == before.List(source).size());
  }
  // The new mapping's names come from the input too, so rendering meets hostile text.
  const std::string tail = input.substr(input.size() > 24 ? input.size() - 24 : 0);
  const awsauth::NewMapping mapping = {"arn:aws:iam::111122223333:role/Fuzz",
                                       tail.empty() ? "fuzz" : tail,
                                       {"system:masters", tail}};
  for (auto source : {Source::kRoles, Source::kUsers}) {
    TryEdit(data, before, source, Op::kAdd, 0, mapping);
    const auto n = std::min(before.List(source).size(), kMaxEditedEntries);
    for (std::size_t i = 0; i < n; ++i) {
      TryEdit(data, before, source, Op::kRemove, i, mapping);
      TryEdit(data, before, source, Op::kReplace, i, mapping);
    }
  }
  return 0;
}
