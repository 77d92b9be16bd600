#pragma once
/// `add`, `remove` and `list` through EKS access entries (DESIGN.md §4b steps 3–4): create or
/// update the entry and its policy associations idempotently, read back, and say what changed.
/// Runs on the administrator's credentials; the principal ARN comes in resolved (with its path).

#include <string>
#include <vector>

#include "aws/credentials.hpp"
#include "aws/eks.hpp"
#include "core/clock.hpp"

namespace ssomap::ops {

/// The calls EKS access entries need, and whose credentials make them.
struct EksSeams {
  aws::EksClient& eks;
  const aws::Credentials& admin;  ///< the administrator's credentials (--admin-profile, …)
  /// Waits between read-backs: access entry changes are eventually consistent (EKS user guide,
  /// grant-k8s-access). Tests pass a recorder.
  Sleeper sleep;
};

/// A managed access policy by name, and where it applies.
struct PolicyGrant {
  std::string policy_name;  ///< e.g. AmazonEKSClusterAdminPolicy; its ARN comes from EKS
  aws::AccessScope scope;
  bool operator==(const PolicyGrant&) const = default;
};

/// One EKS call made (or, in a dry run, that would be made), for the user.
struct EksStep {
  enum class Outcome { kDone, kWouldDo, kUnchanged, kKept };
  Outcome outcome = Outcome::kDone;
  std::string call;    ///< e.g. "CreateAccessEntry"
  std::string detail;  ///< e.g. "arn:… groups [a] username u"
  /// "created", "would create", "unchanged", "kept (differs; --overwrite to update)"…
  std::string Line() const;
};

struct AddEntryRequest {
  std::string cluster;
  aws::AccessEntry entry;  ///< principal (with path), username, kubernetesGroups
  std::vector<PolicyGrant> policies;
  bool overwrite = false;  ///< update a differing entry or association instead of keeping it
  bool dry_run = false;    ///< only read; say what would be done
};

struct AddEntryResult {
  std::vector<EksStep> steps;
  bool changed = false;           ///< something was (or would be) written
  bool kept_differences = false;  ///< an entry or association differs and was kept
};

/// Creates or updates the access entry and associates the policies, then reads both back
/// (bounded retries through `seams.sleep`). Throws ssomap::Error: an unknown policy name
/// (listing those EKS has), a non-STANDARD entry for the principal (Exit::kRefused: EKS allows no
/// groups or policies there), EKS errors, or a read-back that does not show the change.
AddEntryResult AddAccessEntry(const AddEntryRequest& request, const EksSeams& seams);

struct RemoveEntryRequest {
  std::string cluster;
  std::string principal_arn;  ///< with its path
  std::string only_policy;    ///< policy name: disassociate only it; empty = delete the entry
  bool dry_run = false;
};

struct RemoveEntryResult {
  std::vector<EksStep> steps;
  bool found = false;  ///< the principal had an access entry (and the policy, if named)
};

/// Deletes the principal's access entry, or only its association with `only_policy`, and reads
/// back. No entry: `found` false and nothing done (the caller looks at aws-auth). A non-STANDARD
/// entry (nodes, Fargate) is refused (Exit::kRefused): removing it cuts nodes off.
RemoveEntryResult RemoveAccessEntry(const RemoveEntryRequest& request, const EksSeams& seams);

/// One access entry with its policies.
struct ListedEntry {
  aws::AccessEntry entry;
  std::vector<aws::AssociatedPolicy> policies;
};

/// Every access entry of `cluster`, with its policies (STANDARD entries only have any).
std::vector<ListedEntry> ListAccessEntries(const std::string& cluster, const EksSeams& seams);

/// `AmazonEKSViewPolicy(namespace:dev)` for each policy, `,`-joined; the name is the ARN's last
/// segment.
std::string PoliciesText(const std::vector<aws::AssociatedPolicy>& policies);

/// The ARN of policy `name` among EKS's (ListAccessPolicies); throws ssomap::Error listing them.
std::string PolicyArn(const std::vector<aws::AccessPolicy>& policies, const std::string& name);

}  // namespace ssomap::ops
