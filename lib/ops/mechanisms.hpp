#pragma once
/// The two ways EKS admits an identity — access entries and aws-auth — and the cluster's
/// authentication mode that decides between them (EKS user guide grant-k8s-access, "Set Cluster
/// Authentication Mode"; aws-iam-authenticator checks access entries first, then aws-auth where
/// the mode reads it).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/eks.hpp"
#include "awsauth/model.hpp"
#include "ops/access_entries.hpp"

namespace ssomap::ops {

/// `add --mode`.
enum class AddMode { kAuto, kConfigMap, kApi };
/// Parses `auto`, `configmap`, `api`; throws a usage error otherwise.
AddMode ParseAddMode(std::string_view text);

/// Where a mapping is written.
enum class Mechanism { kConfigMap, kAccessEntry };

/// The mechanism `mode` selects on a cluster in `cluster_mode`: auto → access entries unless
/// CONFIG_MAP. Throws ssomap::Error (Exit::kRefused) for `configmap` on an API cluster (it
/// ignores aws-auth) and `api` on a CONFIG_MAP cluster (it has no access entries).
Mechanism ChooseMechanism(AddMode mode, aws::AuthenticationMode cluster_mode);

/// A problem that only shows with both mechanisms in view.
struct MechanismProblem {
  std::string arn;   ///< the aws-auth ARN concerned
  std::string code;  ///< "shadowed" or "ignored"
  std::string message;
};

/// `ignored`: every aws-auth mapping of an API cluster; `shadowed`: an aws-auth role or user
/// whose principal also has an access entry (compared without the role path), which wins.
std::vector<MechanismProblem> MechanismProblems(const awsauth::AwsAuth& auth,
                                                const std::vector<ListedEntry>& entries,
                                                aws::AuthenticationMode mode);

/// The access entry (if any) whose principal is `arn` compared without path.
const ListedEntry* EntryFor(const std::vector<ListedEntry>& entries, const std::string& arn);

}  // namespace ssomap::ops
