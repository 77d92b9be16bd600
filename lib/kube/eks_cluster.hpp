#pragma once
/// The EKS cluster behind a kubeconfig context (DESIGN.md §4b step 1): its name and region from
/// the context's `aws eks get-token --cluster-name/--region` or `aws-iam-authenticator token -i`
/// exec, else from --cluster-name/--region; and the check that DescribeCluster's endpoint is the
/// context's server.

#include <string>
#include <string_view>

#include "kube/context.hpp"

namespace ssomap::kube {

/// Which EKS cluster to ask about, and where the answer came from.
struct EksClusterRef {
  std::string name;    ///< the EKS cluster name
  std::string region;  ///< empty when neither the exec nor --region gives one
  std::string source;  ///< e.g. "the exec of context 'sso-user@prod'" or "--cluster-name"
};

/// The cluster of `context`: `cluster_flag`/`region_flag` when given (they win), else the
/// exec's `--cluster-name`/`--cluster-id`/`-i` and `--region` (or its AWS_REGION env). Throws
/// ssomap::Error (usage) when no cluster name can be found, saying to pass --cluster-name.
EksClusterRef FindEksCluster(const ResolvedContext& context, const std::string& cluster_flag,
                             const std::string& region_flag);

/// Whether two API server URLs name the same server: scheme and host compared without case, the
/// default port made explicit, a trailing `/` ignored.
bool SameServer(std::string_view a, std::string_view b);

/// Throws ssomap::Error (Exit::kRefused) unless `endpoint` (DescribeCluster's) is the context's
/// server: the cluster found is not the one the context reaches, so nothing may be written.
void RequireSameServer(const EksClusterRef& cluster, std::string_view endpoint,
                       const ResolvedContext& context);

}  // namespace ssomap::kube
