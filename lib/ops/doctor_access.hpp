#pragma once
/// `doctor` on EKS clusters: the cluster's authentication mode and the identity's access entry,
/// checked in the authenticator's order (aws-iam-authenticator and the EKS user guide,
/// grant-k8s-access: an access entry admits first; aws-auth is read next only in CONFIG_MAP and
/// API_AND_CONFIG_MAP), and the fix each mode calls for (an access entry where the mode admits
/// them, an aws-auth mapping on CONFIG_MAP).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/arn.hpp"
#include "aws/eks.hpp"
#include "kube/context.hpp"
#include "ops/access_entries.hpp"
#include "ops/doctor_checks.hpp"
#include "ops/eks_target.hpp"
#include "ops/whoami.hpp"

namespace ssomap::ops {

/// What doctor learnt about the cluster's mechanisms.
struct DoctorAccess {
  /// The cluster's mode; empty when the EKS cluster is unknown or EKS did not answer: doctor
  /// then checks aws-auth only, as on a CONFIG_MAP cluster.
  std::optional<aws::AuthenticationMode> mode;
  std::optional<ListedEntry> entry;  ///< the identity's access entry, when it has one
  std::string add_fix;               ///< the `add` that maps the identity in this mode
  bool ReadsAwsAuth() const { return !mode || aws::ReadsAwsAuth(*mode); }
};

/// The `add` that maps `id` in `mode` (nullopt: aws-auth as today): `--mode api` and the cluster
/// flags doctor was given where the mode admits access entries.
std::string AddFix(const aws::AwsAuthIdentity& id, const std::string& profile,
                   std::optional<aws::AuthenticationMode> mode, const EksTargetRequest& cluster);

/// Step "access-entry": ok when `entry` (the identity's, found comparing principals without
/// path) is there; else FAIL on an API cluster (with `add_fix`), skip on API_AND_CONFIG_MAP
/// (aws-auth decides next).
DoctorCheck CheckAccessEntry(const aws::AwsAuthIdentity& id, const ListedEntry* entry,
                             aws::AuthenticationMode mode, const std::string& add_fix);

/// The aws-auth `mapping` step once an access entry has admitted the identity: a mapping there
/// too is shadowed (warn), none is not consulted (skip).
void ShadowMapping(DoctorCheck& mapping, const ListedEntry& entry);

/// Step "permissions" of an access entry: its access policies, else what its groups are bound to.
DoctorCheck CheckEntryPermissions(const ListedEntry& entry,
                                  const std::vector<nlohmann::json>& bindings);

/// Steps "eks-cluster" (mode, administrator profile) and "access-entry", appended to `checks`.
/// Never throws: an unknown cluster or an EKS error is a skip or warn, and doctor goes on with
/// aws-auth alone; the context reaching another cluster than named is a FAIL.
DoctorAccess CheckEksAccess(const EksTargetRequest& request, const std::string& profile,
                            const aws::AwsAuthIdentity& id, const kube::ResolvedContext& context,
                            const WhoamiSeams& seams, std::vector<DoctorCheck>& checks);

}  // namespace ssomap::ops
