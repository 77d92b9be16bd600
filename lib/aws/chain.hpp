#pragma once
/// The default credential chain of the AWS CLI v2, in its order. This file only walks the list;
/// each source is a provider of its own (provider.hpp).

#include <string>
#include <vector>

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

/// The credentials of a `source_profile` (no environment keys, no container or IMDS), following
/// chained role profiles; cycles are refused. Exposed for tests.
Credentials ResolveSourceProfile(const ProviderContext& ctx, const std::string& profile,
                                 std::vector<std::string> visited = {});

}  // namespace ssomap::aws
