#pragma once
/// The default credential chain of the AWS CLI v2, in its order. This file only walks the list;
/// each source is a provider of its own (provider.hpp).

#include <string>
#include <vector>

#include "aws/endpoints.hpp"
#include "aws/provider.hpp"

namespace ssomap::aws {

/// The providers of the default chain for `ctx.profile`, in order: env (skipped when the profile
/// was chosen with --profile), assume-role, web identity, sso, shared-credentials-file,
/// custom-process, config-file, container-role, iam-role.
std::vector<ProviderPtr> DefaultChain(const ProviderContext& ctx);

/// The first credentials the default chain finds for `ctx.profile`, with `source` set.
/// Throws ssomap::Error (Exit::kAuth) when the profile does not exist or no provider has
/// credentials, naming the command that fixes it; a provider's own failure is thrown as is.
Credentials ResolveCredentials(const ProviderContext& ctx);

/// What a call with a profile needs, resolved in the AWS CLI's order: the profile (--profile,
/// AWS_PROFILE, AWS_DEFAULT_PROFILE, default), the region (--region, AWS_REGION,
/// AWS_DEFAULT_REGION, the profile's, else kDefaultStsRegion), the CA bundle, the credentials
/// of the default chain, and the STS endpoint of the region.
struct ProfileCredentials {
  std::string profile;
  bool profile_explicit = false;
  std::string region;
  std::string ca_bundle;  ///< wrap later calls' transport in a CaBundleTransport with it
  Credentials credentials;
  Endpoint sts;
};

/// The seams of ResolveProfileCredentials (all borrowed).
struct ProfileSeams {
  const Environment& env;
  net::Transport& transport;  ///< the CA bundle is applied here
  ProcessRunner& processes;
  Clock clock;
  Prompt* prompt = nullptr;  ///< MFA codes; nullptr: none asked (the profile fails instead)
};

/// Resolves `profile` (empty: the default) and `region` (empty: the profile's). Throws as
/// ResolveCredentials does.
ProfileCredentials ResolveProfileCredentials(const std::string& profile, const std::string& region,
                                             std::chrono::milliseconds timeout,
                                             const ProfileSeams& seams);

/// The credentials of a `source_profile` (no environment keys, no container or IMDS), following
/// chained role profiles; cycles are refused (the assume-role provider's step).
Credentials ResolveSourceProfile(const ProviderContext& ctx, const std::string& profile,
                                 std::vector<std::string> visited = {});

}  // namespace ssomap::aws
