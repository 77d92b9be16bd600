#include "ops/change.hpp"

#include "ops/remove_intent.hpp"

#include <utility>

namespace ssomap::ops {

ChangeResult Add(const AddRequest& request, const WriteSeams& seams) {
  Grant grant = request.grant;
  const auto plan = [&](const awsauth::Data& data) {
    return PlanAdd(data, request.identity, grant, request.overwrite);
  };
  ChangeResult result;
  std::optional<PlannedRead> first;
  if (request.view) {
    grant.groups = {request.view->group};
    // Plan on the first read, so a refused mapping creates no RBAC object; the write uses it.
    auto read = ReadAwsAuth(seams.client);
    auto planned = plan(read.data());
    first = PlannedRead{std::move(read), std::move(planned)};
    ViewOutcome view;
    view.access = *request.view;
    if (request.dry_run != DryRunMode::kClient) {
      view.dry_run =
          request.dry_run == DryRunMode::kServer ? kube::DryRun::kAll : kube::DryRun::kNone;
      view.result = EnsureViewAccess(seams.client, view.access, view.dry_run);
      view.ensured = true;
    }
    result.view = std::move(view);
  }
  result.write = WriteAwsAuth(plan, {.dry_run = request.dry_run}, seams, std::move(first));
  return result;
}

ChangeResult Remove(const RemoveRequest& request, const WriteSeams& seams) {
  // The first plan picks the entry; every later one (after a conflict or a lost reply) removes
  // that entry's content, never the next entry of the ARN.
  std::optional<RemoveIntent> intent;
  const auto plan = [&](const awsauth::Data& data) {
    if (intent) return PlanRemoveAgain(data, *intent);
    auto first = PlanRemove(data, request.identity, request.as_written);
    intent = IntentOf(data, first);
    return first;
  };
  return {WriteAwsAuth(plan, {.dry_run = request.dry_run}, seams), std::nullopt};
}

}  // namespace ssomap::ops
