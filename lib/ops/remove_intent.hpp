#pragma once
/// What `remove` set out to drop, kept across its attempts (issue 11 §4): after a conflict or a
/// lost reply, aws-auth is planned again, and planning `remove --arn X` again on a document that
/// already lost one of two entries of X would drop the second. The intent names the entry by its
/// content (ARN as written, username, groups, …) and counts its copies, so the plan again removes
/// exactly the entry the first plan targeted, or finds it gone and changes nothing.

#include "awsauth/model.hpp"
#include "ops/mapping_plan.hpp"

namespace ssomap::ops {

struct RemoveIntent {
  awsauth::Mapping entry;  ///< the entry the first plan removed (its content; position ignored)
  long copies = 0;         ///< entries with that content when the first plan was made
};

/// The intent of `first`, a kRemove plan made on `data`.
RemoveIntent IntentOf(const awsauth::Data& data, const MappingPlan& first);

/// Plans `intent` on `data`: fewer copies of the entry than it saw → Action::kUnchanged (it is
/// gone already, by this write or another), else the removal of one copy — the one the
/// authenticator uses when it is one of them — and nothing else.
MappingPlan PlanRemoveAgain(const awsauth::Data& data, const RemoveIntent& intent);

}  // namespace ssomap::ops
