#pragma once
/// Amazon EKS over its REST-JSON API (apiVersion 2017-11-01, signing name `eks`), signed with
/// SigV4: DescribeCluster and the access-entry API (reference aws-protocols.md §5; model in
/// reference/aws-models/eks-service-2.json).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "aws/credentials.hpp"
#include "aws/service_call.hpp"

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// `accessConfig.authenticationMode` (EKS UpdateAccessConfigRequest).
enum class AuthenticationMode { kConfigMap, kApiAndConfigMap, kApi };
/// "CONFIG_MAP", "API_AND_CONFIG_MAP", "API".
std::string_view ModeName(AuthenticationMode mode);
/// Parses a mode name; nullopt for anything else.
std::optional<AuthenticationMode> ParseMode(std::string_view name);
/// Whether the mode admits access entries (API, API_AND_CONFIG_MAP) / reads aws-auth
/// (CONFIG_MAP, API_AND_CONFIG_MAP).
bool AdmitsAccessEntries(AuthenticationMode mode);
bool ReadsAwsAuth(AuthenticationMode mode);

/// DescribeCluster's answer, the parts we use.
struct EksCluster {
  std::string name;
  std::string arn;      ///< arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME
  std::string account;  ///< from the ARN
  std::string partition;
  std::string endpoint;  ///< the API server URL, e.g. https://ABC.gr7.us-east-2.eks.amazonaws.com
  std::string status;    ///< ACTIVE, CREATING, UPDATING, …
  std::string certificate_authority;  ///< base64 PEM, as in a kubeconfig
  /// When DescribeCluster names no accessConfig (clusters created before access entries), EKS
  /// treats the cluster as CONFIG_MAP.
  AuthenticationMode authentication_mode = AuthenticationMode::kConfigMap;
};

/// An access entry (DescribeAccessEntry / CreateAccessEntry).
struct AccessEntry {
  std::string principal_arn;  ///< the IAM role or user ARN, with its path
  std::string username;       ///< empty = EKS's default
  std::vector<std::string> kubernetes_groups;
  std::string type = "STANDARD";  ///< STANDARD, EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, …
  std::string access_entry_arn;
};

/// `accessScope`: the whole cluster, or some namespaces.
struct AccessScope {
  enum class Type { kCluster, kNamespace };
  Type type = Type::kCluster;
  std::vector<std::string> namespaces;  ///< kNamespace only, as given
  bool operator==(const AccessScope&) const = default;
  /// "cluster" or "namespace:a,b".
  std::string ToString() const;
};

/// One policy associated with an access entry.
struct AssociatedPolicy {
  std::string policy_arn;
  AccessScope scope;
};

/// One managed access policy (ListAccessPolicies).
struct AccessPolicy {
  std::string name;  ///< e.g. AmazonEKSClusterAdminPolicy
  std::string arn;   ///< e.g. arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy
};

/// One EKS endpoint and region. Every call throws aws::ServiceError (an ssomap::Error) for an
/// error reply, with the EKS code (ResourceNotFoundException, ResourceInUseException,
/// InvalidParameterException, InvalidRequestException, AccessDeniedException,
/// ResourceLimitExceededException, ClientException, ServerException, ServiceUnavailableException)
/// and its fix; Exit::kAuth for rejected or insufficient credentials. List calls follow
/// `nextToken` to the end (at most kMaxPages pages).
class EksClient {
 public:
  /// `endpoint`: base URL, e.g. https://eks.us-east-2.amazonaws.com (http:// as the AWS CLI
  /// allows); `region`: the signing region.
  EksClient(net::Transport& transport, std::string endpoint, std::string region, Clock clock,
            std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  /// Pages followed before a list call gives up (a server that never ends its list).
  static constexpr int kMaxPages = 1000;

  EksCluster DescribeCluster(const Credentials& credentials, const std::string& cluster);

  /// The principal ARNs of every access entry.
  std::vector<std::string> ListAccessEntries(const Credentials& credentials,
                                             const std::string& cluster);
  /// The entry of `principal_arn`, or nullopt when EKS answers ResourceNotFoundException (call
  /// DescribeCluster first: a missing cluster is the same code).
  std::optional<AccessEntry> DescribeAccessEntry(const Credentials& credentials,
                                                 const std::string& cluster,
                                                 const std::string& principal_arn);
  /// Creates `entry` (principal, username when not empty, groups, type).
  AccessEntry CreateAccessEntry(const Credentials& credentials, const std::string& cluster,
                                const AccessEntry& entry);
  /// Replaces the username and groups of the entry of `entry.principal_arn`.
  AccessEntry UpdateAccessEntry(const Credentials& credentials, const std::string& cluster,
                                const AccessEntry& entry);
  void DeleteAccessEntry(const Credentials& credentials, const std::string& cluster,
                         const std::string& principal_arn);

  /// Associates (or re-scopes: EKS replaces the scope) `policy_arn`.
  void AssociateAccessPolicy(const Credentials& credentials, const std::string& cluster,
                             const std::string& principal_arn, const std::string& policy_arn,
                             const AccessScope& scope);
  void DisassociateAccessPolicy(const Credentials& credentials, const std::string& cluster,
                                const std::string& principal_arn, const std::string& policy_arn);
  std::vector<AssociatedPolicy> ListAssociatedAccessPolicies(const Credentials& credentials,
                                                             const std::string& cluster,
                                                             const std::string& principal_arn);
  /// Every managed access policy with its ARN in this partition.
  std::vector<AccessPolicy> ListAccessPolicies(const Credentials& credentials);

 private:
  /// One signed call; `path` already encoded, `body` JSON text or null. Throws EksErrorFor.
  nlohmann::json Call(const Credentials& credentials, std::string_view operation,
                      std::string_view method, const std::string& path,
                      const encoding::Params& query, const std::string* body);

  ServiceCall call_;
};

}  // namespace ssomap::aws
