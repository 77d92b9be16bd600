#pragma once
/// Which AWS identity `whoami` and `doctor` test (issue 10 §3): the one the chosen context's exec
/// plugin presents — its profile (`--profile` in its args, else AWS_PROFILE in its env, else the
/// environment's) and any role it assumes on top (`aws eks get-token --role-arn`,
/// `aws-iam-authenticator token -r`) — unless `--profile` names one, which wins.

#include <chrono>
#include <optional>
#include <string>

#include "core/environment.hpp"
#include "kube/context.hpp"
#include "kube/eks_exec.hpp"
#include "ops/whoami.hpp"

namespace ssomap::ops {

struct PresentedIdentity {
  enum class Source {
    kFlag,      ///< --profile on the command line
    kExec,      ///< the context's `aws eks get-token` / `aws-iam-authenticator token` exec
    kFallback,  ///< the context presents no AWS identity we can derive: AWS_PROFILE / default
  };
  Source source = Source::kFallback;
  std::string profile;  ///< the profile whose credentials are resolved (as the AWS CLI picks it)
  /// The exec whose environment, profile choice, region and role to reproduce (kExec only).
  std::optional<kube::EksExec> exec;
  std::string role_arn;  ///< the role assumed on top of the profile; empty = none
  /// One line saying which identity this is and why, e.g. "profile test-profile (AWS_PROFILE in
  /// the exec env of context sso-user)".
  std::string description;
  /// Non-empty when the context's identity cannot be derived (kFallback with a context, or kFlag
  /// over such a context): why, and what is tested instead.
  std::string note;
};

/// Chooses the identity to test. `profile_flag` is --profile (empty: none); `context` the chosen
/// context, or null when no kubeconfig context could be loaded (`context_error` then says why);
/// `env` the process environment (AWS_PROFILE, AWS_DEFAULT_PROFILE). Pure.
PresentedIdentity ChoosePresentedIdentity(const std::string& profile_flag,
                                          const kube::ResolvedContext* context,
                                          const std::string& context_error, const Environment& env);

/// The whoami request that tests `identity`: the flag's profile as --profile, the exec as the
/// exec, the fallback as the AWS CLI's own default (never as an explicit --profile).
WhoamiRequest WhoamiRequestOf(const PresentedIdentity& identity, const std::string& region,
                              std::chrono::milliseconds timeout);

}  // namespace ssomap::ops
