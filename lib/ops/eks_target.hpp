#pragma once
/// The EKS side of a live cluster (DESIGN.md §4b): which cluster the context reaches, the
/// administrator's profile and credentials, the cluster as DescribeCluster reports it (its
/// authentication mode), and the EKS and IAM clients the access-entry use cases call.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "aws/config_file.hpp"
#include "aws/eks.hpp"
#include "aws/endpoints.hpp"
#include "aws/iam.hpp"
#include "kube/context.hpp"
#include "kube/eks_cluster.hpp"
#include "ops/access_entries.hpp"
#include "ops/principal.hpp"
#include "ops/whoami.hpp"

namespace ssomap::ops {

/// Which EKS cluster and whose credentials: the flags as given (empty = not given).
struct EksTargetRequest {
  std::string cluster_name;   ///< --cluster-name (default: from the context's exec)
  std::string region;         ///< --region
  std::string admin_profile;  ///< --admin-profile (default: exec profile, AWS_PROFILE, default)
  std::chrono::milliseconds timeout{0};  ///< --request-timeout, per request
};

/// An opened EKS cluster. What the seams refer to must outlive it.
class EksTarget {
 public:
  EksTarget(const EksTargetRequest& request, const kube::ResolvedContext& context,
            const WhoamiSeams& seams);
  ~EksTarget();
  EksTarget(const EksTarget&) = delete;
  EksTarget& operator=(const EksTarget&) = delete;

  const kube::EksClusterRef& ref() const { return ref_; }
  const AdminProfile& admin() const { return admin_; }
  const std::string& region() const { return region_; }
  const aws::EksCluster& cluster() const { return cluster_; }
  aws::AuthenticationMode mode() const { return cluster_.authentication_mode; }
  const aws::Credentials& admin_credentials() const { return admin_credentials_; }
  aws::EksClient& eks() { return *eks_; }

  /// The seams of the access-entry use cases (admin credentials, real sleeps).
  EksSeams Seams();
  /// An IAM client in the cluster's partition.
  aws::IamClient& Iam();
  /// The credentials of `profile` (the mapped identity's own --profile).
  aws::Credentials CredentialsOf(const std::string& profile);

 private:
  WhoamiSeams seams_;  /// copied: it holds references to the runtime's seams
  aws::ConfigFiles config_;
  std::chrono::milliseconds timeout_;
  kube::EksClusterRef ref_;
  AdminProfile admin_;
  std::string region_;
  std::unique_ptr<aws::CaBundleTransport> transport_;
  aws::Credentials admin_credentials_;
  std::unique_ptr<aws::EksClient> eks_;
  std::unique_ptr<aws::IamClient> iam_;
  aws::EksCluster cluster_;
};

/// Opens the cluster of `context`: finds it (exec args or --cluster-name/--region), resolves the
/// administrator's credentials, calls DescribeCluster and checks its endpoint is the context's
/// server (Exit::kRefused otherwise). When the cluster cannot be told (no EKS exec, no
/// --cluster-name): nullptr unless `required`, which throws the usage error.
std::unique_ptr<EksTarget> OpenEksTarget(const EksTargetRequest& request,
                                         const kube::ResolvedContext& context,
                                         const WhoamiSeams& seams, bool required);

/// `--permission-set NAME [--account ID]`: the IAM role AWSReservedSSO_<NAME>_<hex> found with
/// IAM ListRoles under /aws-reserved/sso.amazonaws.com/, with the administrator's credentials
/// (--admin-profile, AWS_PROFILE, default). Throws ssomap::Error: none or several match.
struct PermissionSetRequest {
  std::string name;
  std::string account;        ///< --account, empty: any
  std::string admin_profile;  ///< --admin-profile
  std::string region;         ///< --region
  std::chrono::milliseconds timeout{0};
};
struct PermissionSetRole {
  std::string arn;
  std::string profile;  ///< the profile whose credentials listed it
};
PermissionSetRole ResolvePermissionSet(const PermissionSetRequest& request,
                                       const WhoamiSeams& seams);

/// The IAM Identity Center roles of the administrator's account.
struct SsoRoles {
  std::vector<aws::IamRole> roles;  ///< ListRoles with aws::kSsoRolePathPrefix, every page
  std::string account;              ///< the account they were listed in (STS of `profile`)
  std::string profile;              ///< the administrator profile that listed them
};

struct SsoRolesRequest {
  std::string admin_profile;  ///< --admin-profile (default: AWS_PROFILE, default)
  std::string exec_profile;   ///< the context's exec profile, the next default
  std::string region;         ///< --region
  std::chrono::milliseconds timeout{0};
};

/// Lists them. Throws ssomap::Error (credentials, IAM AccessDenied with its fix).
SsoRoles ListSsoRoles(const SsoRolesRequest& request, const WhoamiSeams& seams);

}  // namespace ssomap::ops
