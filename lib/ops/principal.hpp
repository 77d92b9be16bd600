#pragma once
/// Whose credentials make the EKS and IAM calls, and the principal ARN an access entry needs —
/// with its IAM path, from IAM GetRole, never rebuilt by hand (DESIGN.md §4b steps 2–3).

#include <string>

#include "aws/credentials.hpp"
#include "aws/iam.hpp"
#include "core/environment.hpp"

namespace ssomap::ops {

/// The administrator's AWS profile and where it came from.
struct AdminProfile {
  std::string name;
  std::string from;  ///< "--admin-profile", "the context's exec", "AWS_PROFILE", "default"
};

/// `--admin-profile`, else the context's exec profile, else AWS_PROFILE, else `default`.
AdminProfile SelectAdminProfile(const std::string& admin_flag, const std::string& exec_profile,
                                const Environment& env);

/// What to resolve, and the credentials that may read IAM.
struct PrincipalRequest {
  /// An IAM role or user ARN, an STS assumed-role ARN (from whoami), or an aws-auth `rolearn`.
  std::string arn;
  /// The mapped identity's own credentials (--profile), or null: IAM answers only within an
  /// account, and a cross-account SSO role is seen only by its own account.
  const aws::Credentials* identity = nullptr;
  const aws::Credentials* admin = nullptr;  ///< the administrator's, or null
};

/// The principal ARN for an access entry. A role ARN that already carries a path, and user ARNs,
/// are kept as given; otherwise IAM GetRole of the role name, first with the identity's
/// credentials, then with the administrator's, accepting only an answer from the ARN's account.
/// Throws ssomap::Error (Exit::kAuth) when neither can read the role, saying so and how to give
/// the pathful ARN with --arn; root and federated-user ARNs are refused (EKS takes neither).
std::string ResolvePrincipalArn(const PrincipalRequest& request, aws::IamClient& iam);

}  // namespace ssomap::ops
