#pragma once
/// File names of the AWS CLI's caches, computed exactly as botocore computes them, so that we and
/// the CLI share one login and one set of cached role credentials.

#include <map>
#include <string>
#include <string_view>
#include <variant>

namespace ssomap::aws {

/// Lower-case hex SHA-1 of `data` (the hash botocore names cache files with).
std::string Sha1Hex(std::string_view data);

/// `~/.aws/sso/cache/<name>`: sha1 of the configured start URL (legacy profiles) or of the
/// sso-session name (utils.py SSOTokenLoader._generate_cache_key), plus `.json`.
std::string SsoTokenCacheFileName(std::string_view start_url_or_session_name);

/// The SSO role-credential key of ~/.aws/cli/cache (SSOCredentialFetcher._create_cache_key):
/// sha1 of compact, key-sorted JSON `{"accountId","roleName","sessionName"|"startUrl"}`.
/// `session_name` non-empty selects the sso-session form, else `start_url` is used.
std::string SsoRoleCacheKey(std::string_view account_id, std::string_view role_name,
                            std::string_view session_name, std::string_view start_url);

/// One AssumeRole argument as botocore puts it in the cache key: a string or an integer.
using CacheArg = std::variant<std::string, long long>;

/// The AssumeRole / web-identity key (BaseAssumeRoleCredentialFetcher._create_cache_key):
/// sha1 of `json.dumps(kwargs, sort_keys=True)` with Python's default `", "`/`": "` separators,
/// `RoleArn`, `RoleSessionName` (only when configured), `ExternalId`, `SerialNumber`,
/// `DurationSeconds` under their API names.
std::string AssumeRoleCacheKey(const std::map<std::string, CacheArg>& kwargs);

/// Python json.dumps of a string (ensure_ascii: non-ASCII as \uXXXX escapes).
std::string PythonJsonString(std::string_view s);

}  // namespace ssomap::aws
