// IAM Identity Center credentials (botocore SSOProvider / SSOCredentialFetcher): the cached
// login token, refreshed through SSO-OIDC when it is about to expire, exchanged for role
// credentials at the portal, which are cached in the AWS CLI's cache.
#include <fmt/format.h>

#include <filesystem>

#include "aws/cache_keys.hpp"
#include "aws/cli_cache.hpp"
#include "aws/endpoints.hpp"
#include "aws/file_lock.hpp"
#include "aws/provider.hpp"
#include "aws/sso_portal.hpp"
#include "aws/sso_token.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/log.hpp"
#include "core/private_dir.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

struct SsoConfig {
  std::string session;  ///< sso_session name; empty for the legacy form
  std::string start_url, region, account_id, role_name;
};

SsoConfig ReadSsoConfig(const ConfigFiles& config, const std::string& profile) {
  const Section& p = *config.Profile(profile);
  SsoConfig c{p.Get("sso_session"), p.Get("sso_start_url"), p.Get("sso_region"),
              p.Get("sso_account_id"), p.Get("sso_role_name")};
  if (!c.session.empty()) {
    auto it = config.sso_sessions.find(c.session);
    if (it == config.sso_sessions.end()) {
      throw Error(
          fmt::format("profile {} uses sso_session {}, but {} has no [sso-session {}] section",
                      profile, c.session, config.config_path, c.session),
          fmt::format("aws configure sso-session, or fix sso_session of profile {}", profile),
          Exit::kAuth);
    }
    for (auto [key, field] :
         {std::pair{"sso_start_url", &c.start_url}, std::pair{"sso_region", &c.region}}) {
      auto value = it->second.Get(key);
      if (!field->empty() && !value.empty() && *field != value) {
        throw Error(fmt::format("profile {} and [sso-session {}] set different values for {}",
                                profile, c.session, key),
                    fmt::format("remove {} from profile {}", key, profile), Exit::kAuth);
      }
      if (field->empty()) *field = value;
    }
  }
  std::vector<std::string> missing;
  for (auto [key, value] :
       {std::pair{"sso_start_url", &c.start_url}, std::pair{"sso_region", &c.region},
        std::pair{"sso_account_id", &c.account_id}, std::pair{"sso_role_name", &c.role_name}}) {
    if (value->empty()) missing.emplace_back(key);
  }
  if (!missing.empty()) {
    throw Error(
        fmt::format(
            "the profile \"{}\" is configured to use SSO but is missing required configuration: {}",
            profile, text::Join(missing, ", ")),
        fmt::format("aws configure sso --profile {}", profile), Exit::kAuth);
  }
  return c;
}

class SsoProvider final : public CredentialProvider {
 public:
  explicit SsoProvider(const ProviderContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "sso"; }

  std::optional<Credentials> Load() override {
    const Section* p = ctx_.config.Profile(ctx_.profile);
    if (p == nullptr || (!p->Has("sso_role_name") && !p->Has("sso_account_id")))
      return std::nullopt;
    auto cfg = ReadSsoConfig(ctx_.config, ctx_.profile);
    auto now = ctx_.clock();
    // A refresh killed mid-write left a temporary copy of a whole token: remove it on every run
    // of an SSO profile, cached role credentials or not.
    files::RemoveStaleTemps(std::filesystem::path(ctx_.env.Home()) / ".aws" / "sso" / "cache");
    auto cache_dir = CliCacheDir(ctx_.env);
    auto cache_key = SsoRoleCacheKey(cfg.account_id, cfg.role_name, cfg.session, cfg.start_url);
    if (auto cached = LoadCached(cache_dir, cache_key, now)) {
      Log(2, "using cached IAM Identity Center role credentials from ~/.aws/cli/cache");
      cached->source = "sso";
      return cached;
    }
    auto token = LoadToken(cfg, now);
    auto portal = ResolveEndpoint(Service::kSso, cfg.region, ctx_.env, ctx_.config, ctx_.profile);
    auto request =
        GetRoleCredentialsRequest(portal.url, token.access_token, cfg.account_id, cfg.role_name);
    request.timeout = ctx_.timeout;
    Log(2, fmt::format("GET {}/federation/credentials (account {}, role {})", portal.url,
                       cfg.account_id, cfg.role_name));
    auto credentials = ParseRoleCredentials(ctx_.transport.Send(request), SignInHint(ctx_.profile));
    if (!StoreCached(cache_dir, cache_key, SerializeSsoCacheEntry(credentials, cfg.account_id))) {
      Log(1, "warning: could not write the role credentials to ~/.aws/cli/cache");
    }
    return credentials;
  }

 private:
  void Log(int level, std::string_view line) const { log::Write(level, line); }

  SsoToken LoadToken(const SsoConfig& cfg, TimePoint now) {
    auto path = std::filesystem::path(ctx_.env.Home()) / ".aws" / "sso" / "cache" /
                SsoTokenCacheFileName(cfg.session.empty() ? cfg.start_url : cfg.session);
    auto content = files::ReadIfExists(path);
    auto token = content ? ParseSsoToken(*content) : std::nullopt;
    auto hint = SignInHint(ctx_.profile);
    if (!token) {
      throw Error(
          fmt::format("profile {} is not signed in to IAM Identity Center (no valid token in {})",
                      ctx_.profile, path.string()),
          hint, Exit::kAuth);
    }
    switch (DecideTokenAction(*token, now, !cfg.session.empty())) {
      case TokenAction::kUse:
        return *token;
      case TokenAction::kExpired:
        throw Error(
            fmt::format("the IAM Identity Center sign-in of profile {} has expired", ctx_.profile),
            hint, Exit::kAuth);
      case TokenAction::kRefresh:
        break;
    }
    FileLock lock(path.string() + ".lock");
    // Whoever held the lock before us may have refreshed it already.
    if (auto current = files::ReadIfExists(path)) {
      if (auto latest = ParseSsoToken(*current);
          latest && latest->access_token != token->access_token) {
        token = latest;
        if (DecideTokenAction(*token, now, true) == TokenAction::kUse) return *token;
      }
    }
    try {
      auto oidc =
          ResolveEndpoint(Service::kSsoOidc, cfg.region, ctx_.env, ctx_.config, ctx_.profile);
      auto request = RefreshTokenRequest(oidc.url, *token);
      request.timeout = ctx_.timeout;
      Log(2, fmt::format("POST {}/token (refreshing the SSO token of sso-session {})", oidc.url,
                         cfg.session));
      auto refreshed = ParseRefreshResponse(ctx_.transport.Send(request), *token, ctx_.clock());
      files::WriteAtomic(path, SerializeSsoToken(refreshed));
      return refreshed;
    } catch (const Error& e) {
      // Another process (a second kubectl, the AWS CLI) may have refreshed it first and rotated
      // the refresh token we sent: its new token is then in the file.
      auto current = files::ReadIfExists(path);
      auto theirs = current ? ParseSsoToken(*current) : std::nullopt;
      if (theirs && theirs->access_token != token->access_token &&
          DecideTokenAction(*theirs, ctx_.clock(), true) == TokenAction::kUse) {
        Log(2, "the SSO token was refreshed by another process; using it");
        return *theirs;
      }
      if (token->expires_at > now && UsableAfterFailedRefresh(*token, now)) {
        Log(1, fmt::format("warning: {}; using the current token until it expires", e.what()));
        return *token;
      }
      throw Error(fmt::format("the IAM Identity Center sign-in of profile {} expires and could not "
                              "be refreshed: {}",
                              ctx_.profile, e.what()),
                  hint, Exit::kAuth);
    }
  }

  const ProviderContext& ctx_;
};

}  // namespace

std::string SignInHint(const std::string& profile) {
  return fmt::format("aws sso login --profile {}", profile);
}

ProviderPtr MakeSsoProvider(const ProviderContext& ctx) {
  return std::make_unique<SsoProvider>(ctx);
}

}  // namespace ssomap::aws
