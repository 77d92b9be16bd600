#include "ops/remove_intent.hpp"

#include <fmt/format.h>

#include "awsauth/checks.hpp"
#include "awsauth/edit.hpp"
#include "awsauth/match.hpp"
#include "awsauth/parse.hpp"

namespace ssomap::ops {
namespace {

std::vector<const awsauth::Mapping*> Copies(const awsauth::AwsAuth& auth,
                                            const awsauth::Mapping& entry) {
  std::vector<const awsauth::Mapping*> out;
  for (const auto& m : auth.List(entry.source)) {
    if (m.SameAs(entry)) out.push_back(&m);
  }
  return out;
}

}  // namespace

RemoveIntent IntentOf(const awsauth::Data& data, const MappingPlan& first) {
  RemoveIntent intent;
  intent.entry = first.existing.value_or(awsauth::Mapping{});
  intent.copies = static_cast<long>(Copies(awsauth::Parse(data), intent.entry).size());
  return intent;
}

MappingPlan PlanRemoveAgain(const awsauth::Data& data, const RemoveIntent& intent) {
  MappingPlan plan;
  plan.source = intent.entry.source;
  plan.existing = intent.entry;
  plan.mapping = {intent.entry.arn, intent.entry.username, intent.entry.groups};
  const auto auth = awsauth::Parse(data);
  const auto copies = Copies(auth, intent.entry);
  if (static_cast<long>(copies.size()) < intent.copies) {
    plan.action = MappingPlan::Action::kUnchanged;
    plan.data = data;
    plan.notes.push_back(
        fmt::format("the entry to remove ({}) is gone already", DescribeEntry(intent.entry)));
    return plan;
  }
  const auto& list = auth.List(intent.entry.source);
  const long winner = awsauth::WinningIndex(list, intent.entry.arn);
  const awsauth::Mapping* target = copies.front();
  for (const auto* copy : copies) {
    if (winner >= 0 && copy == &list[static_cast<std::size_t>(winner)]) target = copy;
  }
  plan.action = MappingPlan::Action::kRemove;
  plan.data = awsauth::RemoveMapping(data, auth, plan.source, target->index);
  const auto after = awsauth::Parse(plan.data);
  if (const auto* still = awsauth::Match(after, intent.entry.arn).used; still != nullptr) {
    plan.notes.push_back(
        fmt::format("another entry, {}, still admits {}; run remove again to drop it",
                    DescribeEntry(*still), intent.entry.arn));
  }
  return plan;
}

}  // namespace ssomap::ops
