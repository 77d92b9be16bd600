// ListCheck: the last guard of every aws-auth edit — the list parsed after the edit must be the
// list before it with exactly the intended change, or the edit is refused naming the entry.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "awsauth/list_check.hpp"
#include "core/error.hpp"

using namespace ssomap;
using awsauth::ListChange;
using awsauth::Mapping;

namespace {

Mapping Entry(const std::string& name, std::size_t index) {
  Mapping m;
  m.arn = "arn:aws:iam::111122223333:role/" + name;
  m.username = name;
  m.groups = {"g"};
  m.index = index;
  return m;
}

// Runs the check over `got`; returns the refusal's message, or "" when it passes.
std::string Check(const std::vector<Mapping>& want, std::optional<ListChange> change,
                  std::size_t index, const Mapping& added, const std::vector<Mapping>& got) {
  try {
    awsauth::ListCheck check(want, change, index, added);
    for (const auto& m : got) check.Next(m);
    check.End();
    return "";
  } catch (const Error& e) {
    CHECK(e.exit() == Exit::kRefused);
    return e.what();
  }
}

}  // namespace

TEST_CASE("ListCheck passes exactly the intended change and names the first entry otherwise") {
  const std::vector<Mapping> before = {Entry("A", 0), Entry("B", 1), Entry("C", 2)};
  const Mapping x = Entry("X", 0);
  struct Case {
    const char* name;
    std::optional<ListChange> change;
    std::size_t index;
    std::vector<Mapping> got;
    const char* refusal;  ///< "" when it must pass
  };
  const Case cases[] = {
      {"unchanged", std::nullopt, 0, before, ""},
      {"add appends", ListChange::kAdd, 0, {before[0], before[1], before[2], x}, ""},
      {"replace in place", ListChange::kReplace, 1, {before[0], x, before[2]}, ""},
      {"remove one", ListChange::kRemove, 1, {before[0], before[2]}, ""},
      {"remove the last", ListChange::kRemove, 2, {before[0], before[1]}, ""},
      {"add that lost an entry",
       ListChange::kAdd,
       0,
       {before[0], before[2], x},
       "would change mapRoles entry 2"},
      {"add that did not add", ListChange::kAdd, 0, before,
       "would drop mapRoles entry 1 (arn:aws:iam::111122223333:role/X)"},
      {"add in the wrong place",
       ListChange::kAdd,
       0,
       {x, before[0], before[1], before[2]},
       "would change mapRoles entry 1"},
      {"an extra entry",
       std::nullopt,
       0,
       {before[0], before[1], before[2], x},
       "would add an unexpected"},
      {"a dropped entry", std::nullopt, 0, {before[0], before[1]}, "would drop mapRoles entry 3"},
      {"remove of the wrong entry",
       ListChange::kRemove,
       1,
       {before[0], before[1]},
       "would change mapRoles entry 3"},
      {"replace that changed a neighbour",
       ListChange::kReplace,
       1,
       {x, x, before[2]},
       "would change mapRoles entry 1"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto refusal = Check(before, c.change, c.index, x, c.got);
    if (std::string(c.refusal).empty()) {
      CHECK(refusal.empty());
    } else {
      CHECK(refusal.find(c.refusal) != std::string::npos);
    }
  }
}

TEST_CASE("ListCheck compares meaning, not position: a changed group is a change") {
  const std::vector<Mapping> before = {Entry("A", 0)};
  Mapping changed = before[0];
  changed.groups = {"system:masters"};
  CHECK(Check(before, std::nullopt, 0, {}, {changed}).find("would change mapRoles entry 1") !=
        std::string::npos);
  Mapping moved = before[0];
  moved.line = 42;
  CHECK(Check(before, std::nullopt, 0, {}, {moved}).empty());
}
