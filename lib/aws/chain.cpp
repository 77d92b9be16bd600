#include "aws/chain.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "aws/config_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

ProviderContext WithProfile(const ProviderContext& ctx, const std::string& profile) {
  ProviderContext sub = ctx;
  sub.profile = profile;
  sub.profile_explicit = true;
  return sub;
}

std::optional<Credentials> Walk(const std::vector<ProviderPtr>& providers,
                                const ProviderContext& ctx) {
  for (const auto& provider : providers) {
    auto credentials = provider->Load();
    if (credentials) {
      credentials->source = std::string(provider->Name());
      log::Write(1,
                 fmt::format("credentials of profile {} from {}", ctx.profile, provider->Name()));
      return credentials;
    }
    log::Write(4, fmt::format("credential source {}: nothing configured", provider->Name()));
  }
  return std::nullopt;
}

bool HasStaticKeys(const ConfigFiles& config, const std::string& profile) {
  return !config.Get(profile, "aws_access_key_id").empty();
}

}  // namespace

std::vector<ProviderPtr> DefaultChain(const ProviderContext& ctx) {
  std::vector<ProviderPtr> chain;
  if (!ctx.profile_explicit) chain.push_back(MakeEnvProvider(ctx));
  chain.push_back(MakeAssumeRoleProvider(ctx, [&ctx](const std::string& source) {
    return ResolveSourceProfile(ctx, source, {ctx.profile});
  }));
  chain.push_back(MakeWebIdentityProvider(ctx, !ctx.profile_explicit));
  chain.push_back(MakeSsoProvider(ctx));
  chain.push_back(MakeSharedFileProvider(ctx, true));
  chain.push_back(MakeProcessProvider(ctx));
  chain.push_back(MakeSharedFileProvider(ctx, false));
  chain.push_back(MakeContainerProvider(ctx));
  chain.push_back(MakeImdsProvider(ctx));
  return chain;
}

Credentials ResolveCredentials(const ProviderContext& ctx) {
  if (ctx.profile != kDefaultProfile && ctx.config.Profile(ctx.profile) == nullptr) {
    throw Error(
        fmt::format("the AWS profile {} is not in {} or {}", ctx.profile, ctx.config.config_path,
                    ctx.config.credentials_path),
        fmt::format("aws configure sso --profile {}, or pick a profile that exists", ctx.profile),
        Exit::kAuth);
  }
  if (auto credentials = Walk(DefaultChain(ctx), ctx)) return *credentials;
  throw Error(fmt::format("no AWS credentials found for profile {}", ctx.profile),
              fmt::format("aws sso login --profile {} (or aws configure --profile {})", ctx.profile,
                          ctx.profile),
              Exit::kAuth);
}

Credentials ResolveSourceProfile(const ProviderContext& ctx, const std::string& profile,
                                 std::vector<std::string> visited) {
  if (ctx.config.Profile(profile) == nullptr) {
    throw Error(fmt::format("source_profile {} does not exist", profile),
                "fix source_profile in the AWS config file", Exit::kAuth);
  }
  auto sub = WithProfile(ctx, profile);
  bool seen = std::find(visited.begin(), visited.end(), profile) != visited.end();
  // A profile may name itself as its source only when it has static keys (botocore).
  bool self_with_keys =
      seen && !visited.empty() && visited.back() == profile && HasStaticKeys(ctx.config, profile);
  if (seen && !self_with_keys) {
    visited.push_back(profile);
    throw Error(fmt::format("source_profile cycle: {}", text::Join(visited, " -> ")),
                "break the cycle of source_profile settings", Exit::kAuth);
  }
  visited.push_back(profile);
  std::vector<ProviderPtr> providers;
  bool chained_role =
      !ctx.config.Get(profile, "role_arn").empty() && !self_with_keys &&
      !(HasStaticKeys(ctx.config, profile) && ctx.config.Get(profile, "source_profile").empty() &&
        ctx.config.Get(profile, "credential_source").empty());
  if (chained_role) {
    providers.push_back(MakeAssumeRoleProvider(sub, [&sub, visited](const std::string& next) {
      return ResolveSourceProfile(sub, next, visited);
    }));
  }
  providers.push_back(MakeWebIdentityProvider(sub, false));
  providers.push_back(MakeSsoProvider(sub));
  providers.push_back(MakeSharedFileProvider(sub, true));
  providers.push_back(MakeProcessProvider(sub));
  providers.push_back(MakeSharedFileProvider(sub, false));
  if (auto credentials = Walk(providers, sub)) return *credentials;
  throw Error(fmt::format("source_profile {} has no credentials", profile),
              fmt::format("aws configure --profile {}", profile), Exit::kAuth);
}

ProfileCredentials ResolveProfileCredentials(const std::string& profile, const std::string& region,
                                             std::chrono::milliseconds timeout,
                                             const ProfileSeams& seams) {
  const auto config = LoadConfigFiles(seams.env);
  const auto choice = SelectProfile(profile, seams.env);
  ProfileCredentials out;
  out.profile = choice.name;
  out.profile_explicit = choice.explicit_flag;
  out.region = SelectRegion(region, seams.env, config, choice.name);
  if (out.region.empty()) out.region = std::string(kDefaultStsRegion);
  out.ca_bundle = CaBundle(seams.env, config, choice.name);
  CaBundleTransport transport(seams.transport, out.ca_bundle);
  const ProviderContext ctx{seams.env,    config,    choice.name,     choice.explicit_flag,
                            out.region,   transport, seams.processes, seams.clock,
                            seams.prompt, timeout};
  out.credentials = ResolveCredentials(ctx);
  out.sts = ResolveEndpoint(Service::kSts, out.region, seams.env, config, choice.name);
  return out;
}

}  // namespace ssomap::aws
