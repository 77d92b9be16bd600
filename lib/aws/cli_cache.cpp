#include "aws/cli_cache.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

nlohmann::ordered_json CredentialsJson(const Credentials& c, std::string expiration) {
  return {{"AccessKeyId", c.access_key_id},
          {"SecretAccessKey", c.secret_access_key},
          {"SessionToken", c.session_token},
          {"Expiration", std::move(expiration)}};
}

}  // namespace

std::filesystem::path CliCacheDir(const Environment& env) {
  return std::filesystem::path(env.Home()) / ".aws" / "cli" / "cache";
}

std::optional<Credentials> ParseCachedCredentials(std::string_view json, TimePoint now) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("Credentials") || !j["Credentials"].is_object())
    return std::nullopt;
  const auto& c = j["Credentials"];
  auto str = [&](const char* key) {
    return c.contains(key) && c[key].is_string() ? c[key].get<std::string>() : std::string();
  };
  Credentials out;
  out.access_key_id = str("AccessKeyId");
  out.secret_access_key = str("SecretAccessKey");
  out.session_token = str("SessionToken");
  out.expiration = timestamp::ParseLenient(str("Expiration"));
  if (out.access_key_id.empty() || out.secret_access_key.empty() || !out.expiration)
    return std::nullopt;
  if (*out.expiration - now < kCacheExpiryWindow) return std::nullopt;
  return out;
}

std::string SerializeSsoCacheEntry(const Credentials& c, std::string_view account_id) {
  auto creds = CredentialsJson(c, timestamp::FormatRfc3339(c.expiration.value_or(TimePoint{})));
  creds["AccountId"] = std::string(account_id);
  return nlohmann::ordered_json{{"ProviderType", "sso"}, {"Credentials", creds}}.dump();
}

std::string SerializeAssumeRoleCacheEntry(const Credentials& c) {
  return nlohmann::ordered_json{
      {"Credentials",
       CredentialsJson(c, timestamp::FormatUtcSuffix(c.expiration.value_or(TimePoint{})))}}
      .dump();
}

std::optional<Credentials> LoadCached(const std::filesystem::path& dir, const std::string& key,
                                      TimePoint now) {
  try {
    auto content = files::ReadIfExists(dir / (key + ".json"));
    return content ? ParseCachedCredentials(*content, now) : std::nullopt;
  } catch (const Error&) {
    return std::nullopt;  // an unreadable cache is a cache miss, as in botocore
  }
}

bool StoreCached(const std::filesystem::path& dir, const std::string& key,
                 const std::string& entry) {
  try {
    files::WriteAtomic(dir / (key + ".json"), entry);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace ssomap::aws
