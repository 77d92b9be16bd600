#pragma once
/// The AWS CLI's credential cache (~/.aws/cli/cache/<key>.json), shared with the CLI so that one
/// run's role credentials serve the next (botocore CachedCredentialFetcher, JSONFileCache).

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"

namespace ssomap::aws {

/// Cached credentials are not used when less than this remains
/// (CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS).
inline constexpr std::chrono::minutes kCacheExpiryWindow{15};

/// ~/.aws/cli/cache.
std::filesystem::path CliCacheDir(const Environment& env);

/// Parses a cache entry (`{"Credentials":{AccessKeyId,SecretAccessKey,SessionToken,Expiration}}`);
/// nullopt when malformed or within kCacheExpiryWindow of expiry at `now`.
std::optional<Credentials> ParseCachedCredentials(std::string_view json, TimePoint now);

/// The SSO entry: `{"ProviderType":"sso","Credentials":{...,"Expiration":"...Z","AccountId"}}`.
std::string SerializeSsoCacheEntry(const Credentials& credentials, std::string_view account_id);

/// The assume-role entry: `{"Credentials":{...,"Expiration":"...UTC"}}`.
std::string SerializeAssumeRoleCacheEntry(const Credentials& credentials);

/// Reads `<dir>/<key>.json`; nullopt when absent, unreadable, malformed or about to expire.
std::optional<Credentials> LoadCached(const std::filesystem::path& dir, const std::string& key,
                                      TimePoint now);

/// Writes `<dir>/<key>.json` atomically with mode 0600; a failure to write is not fatal (the
/// credentials still work), so it returns false instead of throwing.
bool StoreCached(const std::filesystem::path& dir, const std::string& key,
                 const std::string& entry);

}  // namespace ssomap::aws
