#pragma once
/// `doctor`: why an identity can or cannot reach the cluster, step by step, and what to run.
/// Steps, in order: credentials (STS), the aws-auth ARN, the EKS cluster and its authentication
/// mode, the access entry (where the mode admits them), aws-auth as the context reads it and the
/// mapping (where the mode reads aws-auth), what the admitted identity may do, and a real sign-in
/// with the profile's EKS token (SelfSubjectReview) — the authenticator's own order
/// (ops/doctor_access.hpp). A step that cannot run is skipped, saying what it needs.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kube/connect.hpp"
#include "kube/credential.hpp"
#include "ops/doctor_access.hpp"
#include "ops/doctor_checks.hpp"
#include "ops/presented_identity.hpp"
#include "ops/whoami.hpp"

namespace ssomap::ops {

struct DoctorRequest {
  std::string profile;        ///< the profile to diagnose (already defaulted)
  std::string region;         ///< --region; empty = the profile's
  std::string cluster_name;   ///< --cluster-name; empty = from the context (EksClusterName)
  std::string admin_profile;  ///< --admin-profile: whose credentials ask EKS (empty = default)
  std::chrono::milliseconds timeout{0};  ///< --request-timeout, per request
  /// The identity to diagnose and why (issue 10 §3): its profile and exec (env, role) are what
  /// the credentials step asks STS about and what the sign-in step makes its token with. Unset:
  /// `profile` as if given with --profile.
  std::optional<PresentedIdentity> identity = std::nullopt;
};

/// The seams doctor runs on. `connect` opens the chosen context (throws ssomap::Error); the
/// sign-in sends its SelfSubjectReview over `transport` with a token from `tokens`.
struct DoctorSeams {
  WhoamiSeams whoami;
  std::function<kube::Connection&()> connect;
  kube::NativeTokenSource& tokens;
  net::Transport& transport;
  kube::FileReader read;  ///< the cluster CA file
};

/// The checks in order, and the facts found on the way (for -o json).
struct DoctorReport {
  std::vector<DoctorCheck> checks;
  std::optional<std::string> arn;           ///< the caller ARN, once STS answered
  std::optional<std::string> aws_auth_arn;  ///< the form aws-auth must name
  std::optional<std::string> context;       ///< the kubeconfig context, once opened
  std::optional<std::string> mode;          ///< the cluster's authentication mode, when known
  /// The mechanism that admits the identity: "accessEntry" or "aws-auth"; empty: none found.
  std::optional<std::string> admitted_by;
  bool Failed() const;
};

/// Runs every step; never throws for a failed step (it becomes a FAIL check).
DoctorReport Doctor(const DoctorRequest& request, DoctorSeams& seams);

/// The EKS cluster name: `flag` when set, else the context's `aws eks get-token` /
/// aws-iam-authenticator exec, else `…:cluster/NAME` of an EKS ARN used as the context or
/// cluster name (`aws eks update-kubeconfig` names them so); empty when none says.
std::string EksClusterName(const std::string& flag, const kube::ResolvedContext& context);

}  // namespace ssomap::ops
