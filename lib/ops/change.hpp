#pragma once
/// `add` and `remove` on a live cluster: plan the change on aws-auth as read, create the view
/// RBAC objects of `add --view`, write the change safely (WriteAwsAuth) and return what was done
/// for the command to print.

#include <optional>
#include <string>

#include "aws/arn.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/mapping_plan.hpp"
#include "ops/view_access.hpp"

namespace ssomap::ops {

/// `add`: map `identity` with `grant` (or, with `view`, to the view group of `view`).
struct AddRequest {
  aws::AwsAuthIdentity identity;
  Grant grant;                     ///< its groups are replaced by the view group under `view`
  std::optional<ViewAccess> view;  ///< --view: the Role/ClusterRole and binding to ensure
  bool overwrite = false;          ///< --overwrite: replace a different mapping of the ARN
  DryRunMode dry_run = DryRunMode::kNone;
};

/// `remove`: drop the mapping the authenticator uses for `identity`.
struct RemoveRequest {
  aws::AwsAuthIdentity identity;
  std::string as_written;  ///< the --arn as typed (a path-ful entry named exactly so goes first)
  DryRunMode dry_run = DryRunMode::kNone;
};

/// What `add --view` did about its RBAC objects.
struct ViewOutcome {
  ViewAccess access;
  bool ensured = false;  ///< false under --dry-run=client: nothing was asked of the server
  kube::DryRun dry_run = kube::DryRun::kNone;  ///< kAll under --dry-run=server
  ViewResult result;                           ///< when ensured
};

/// The outcome of a change: the write (with the plan it applied) and, for --view, the RBAC.
struct ChangeResult {
  WriteResult write;
  std::optional<ViewOutcome> view;
};

/// Runs `add`. With `view`, aws-auth is read and the mapping planned first (a refusal creates
/// nothing), then the RBAC objects are ensured, then that first plan is written. Throws
/// ssomap::Error (refusals: Exit::kRefused).
ChangeResult Add(const AddRequest& request, const WriteSeams& seams);

/// Runs `remove`. Throws ssomap::Error: not mapped, a node role (Exit::kRefused).
ChangeResult Remove(const RemoveRequest& request, const WriteSeams& seams);

}  // namespace ssomap::ops
