// Assume-role profiles (botocore AssumeRoleProvider): `role_arn` with `source_profile` or
// `credential_source`, an optional MFA code, cached in ~/.aws/cli/cache like the AWS CLI.
#include <fmt/format.h>

#include <charconv>

#include "aws/cache_keys.hpp"
#include "aws/cli_cache.hpp"
#include "aws/endpoints.hpp"
#include "aws/provider.hpp"
#include "aws/sts.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace ssomap::aws {
namespace {

class AssumeRoleProvider final : public CredentialProvider {
 public:
  AssumeRoleProvider(const ProviderContext& ctx, ProfileResolver source)
      : ctx_(ctx), source_(std::move(source)) {}
  std::string_view Name() const override { return "assume-role"; }

  std::optional<Credentials> Load() override {
    const Section* p = ctx_.config.Profile(ctx_.profile);
    if (p == nullptr || p->Get("role_arn").empty() || p->Has("web_identity_token_file"))
      return std::nullopt;
    const auto& profile = ctx_.profile;
    AssumeRoleParams params;
    params.role_arn = p->Get("role_arn");
    params.session_name = p->Get("role_session_name");
    params.external_id = p->Get("external_id");
    params.mfa_serial = p->Get("mfa_serial");
    std::map<std::string, CacheArg> key_args = {{"RoleArn", params.role_arn}};
    if (!params.session_name.empty()) key_args["RoleSessionName"] = params.session_name;
    if (!params.external_id.empty()) key_args["ExternalId"] = params.external_id;
    if (!params.mfa_serial.empty()) key_args["SerialNumber"] = params.mfa_serial;
    if (auto d = p->Get("duration_seconds"); !d.empty()) {
      int value = 0;
      auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), value);
      if (ec != std::errc() || end != d.data() + d.size()) {
        throw Error(fmt::format("duration_seconds of profile {} is not a number: {}", profile, d),
                    "set duration_seconds to seconds between 900 and 43200");
      }
      params.duration_seconds = value;
      key_args["DurationSeconds"] = static_cast<long long>(value);
    }
    auto now = ctx_.clock();
    auto cache_dir = CliCacheDir(ctx_.env);
    auto cache_key = AssumeRoleCacheKey(key_args);
    if (auto cached = LoadCached(cache_dir, cache_key, now)) {
      log::Write(2, "using cached assume-role credentials from ~/.aws/cli/cache");
      cached->source = "assume-role";
      return cached;
    }
    if (params.session_name.empty()) {
      params.session_name = fmt::format(
          "{}{}", kDefaultSessionPrefix,
          std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    }
    auto source = SourceCredentials(*p);
    if (!params.mfa_serial.empty()) {
      auto code = ctx_.prompt != nullptr
                      ? ctx_.prompt->Ask(fmt::format("Enter MFA code for {}: ", params.mfa_serial))
                      : std::nullopt;
      if (!code || code->empty()) {
        throw Error(
            fmt::format("profile {} needs an MFA code for {}, and there is no terminal to ask on",
                        profile, params.mfa_serial),
            "run it in a terminal, or use a profile without mfa_serial", Exit::kAuth);
      }
      params.mfa_token = *code;
    }
    auto region = ctx_.region.empty() ? std::string(kDefaultStsRegion) : ctx_.region;
    auto endpoint = ResolveEndpoint(Service::kSts, region, ctx_.env, ctx_.config, profile);
    log::Write(2, fmt::format("STS AssumeRole {} at {}", params.role_arn, endpoint.url));
    StsClient sts(ctx_.transport, endpoint.url, endpoint.signing_region, ctx_.clock, ctx_.timeout);
    Credentials credentials;
    try {
      credentials = sts.AssumeRole(source, params);
    } catch (const Error& e) {
      throw e.WithContext(fmt::format("assuming role {} for profile {}", params.role_arn, profile));
    }
    credentials.source = "assume-role";
    if (credentials.expiration)
      StoreCached(cache_dir, cache_key, SerializeAssumeRoleCacheEntry(credentials));
    return credentials;
  }

 private:
  Credentials SourceCredentials(const Section& p) {
    auto source_profile = p.Get("source_profile");
    auto credential_source = p.Get("credential_source");
    const auto& profile = ctx_.profile;
    if (!source_profile.empty() && !credential_source.empty()) {
      throw Error(fmt::format("profile {} sets both source_profile and credential_source", profile),
                  "keep only one of them", Exit::kAuth);
    }
    if (!source_profile.empty()) return source_(source_profile);
    ProviderPtr provider;
    if (credential_source == "Environment") {
      provider = MakeEnvProvider(ctx_);
    } else if (credential_source == "Ec2InstanceMetadata") {
      provider = MakeImdsProvider(ctx_);
    } else if (credential_source == "EcsContainer") {
      provider = MakeContainerProvider(ctx_);
    } else if (credential_source.empty()) {
      throw Error(
          fmt::format("profile {} has role_arn but neither source_profile nor credential_source",
                      profile),
          fmt::format("aws configure set source_profile default --profile {}", profile),
          Exit::kAuth);
    } else {
      throw Error(fmt::format("credential_source {} of profile {} is not supported",
                              credential_source, profile),
                  "use Environment, Ec2InstanceMetadata or EcsContainer", Exit::kAuth);
    }
    auto creds = provider->Load();
    if (!creds) {
      throw Error(fmt::format("credential_source {} of profile {} has no credentials",
                              credential_source, profile),
                  {}, Exit::kAuth);
    }
    return *creds;
  }

  const ProviderContext& ctx_;
  ProfileResolver source_;
};

}  // namespace

ProviderPtr MakeAssumeRoleProvider(const ProviderContext& ctx, ProfileResolver source) {
  return std::make_unique<AssumeRoleProvider>(ctx, std::move(source));
}

}  // namespace ssomap::aws
