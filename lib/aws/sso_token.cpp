#include "aws/sso_token.hpp"

#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

std::string Str(const nlohmann::ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Refreshable(const SsoToken& t, TimePoint now) {
  return !t.refresh_token.empty() && !t.client_id.empty() && !t.client_secret.empty() &&
         t.registration_expires_at && *t.registration_expires_at > now;
}

}  // namespace

std::optional<SsoToken> ParseSsoToken(std::string_view json) {
  auto j = nlohmann::ordered_json::parse(json, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  SsoToken t;
  t.access_token = Str(j, "accessToken");
  auto expires = timestamp::ParseLenient(Str(j, "expiresAt"));
  if (t.access_token.empty() || !expires) return std::nullopt;
  t.expires_at = *expires;
  t.refresh_token = Str(j, "refreshToken");
  t.client_id = Str(j, "clientId");
  t.client_secret = Str(j, "clientSecret");
  t.registration_expires_at = timestamp::ParseLenient(Str(j, "registrationExpiresAt"));
  t.region = Str(j, "region");
  t.start_url = Str(j, "startUrl");
  t.raw = std::move(j);
  return t;
}

std::string SerializeSsoToken(const SsoToken& t) {
  auto j = t.raw.is_object() ? t.raw : nlohmann::ordered_json::object();
  if (!t.start_url.empty()) j["startUrl"] = t.start_url;
  if (!t.region.empty()) j["region"] = t.region;
  j["accessToken"] = t.access_token;
  j["expiresAt"] = timestamp::FormatRfc3339(t.expires_at);
  if (!t.client_id.empty()) j["clientId"] = t.client_id;
  if (!t.client_secret.empty()) j["clientSecret"] = t.client_secret;
  if (t.registration_expires_at)
    j["registrationExpiresAt"] = timestamp::FormatRfc3339(*t.registration_expires_at);
  if (!t.refresh_token.empty()) j["refreshToken"] = t.refresh_token;
  return j.dump();
}

TokenAction DecideTokenAction(const SsoToken& token, TimePoint now, bool session_form) {
  auto remaining = token.expires_at - now;
  if (remaining >= kSsoRefreshWindow) return TokenAction::kUse;
  if (session_form && Refreshable(token, now)) return TokenAction::kRefresh;
  // Legacy tokens (and unrefreshable ones) are used until they expire, as botocore does.
  return remaining > std::chrono::seconds(0) ? TokenAction::kUse : TokenAction::kExpired;
}

bool UsableAfterFailedRefresh(const SsoToken& token, TimePoint now) {
  return token.expires_at - now > kSsoMandatoryRefreshWindow;
}

SsoToken WithRefresh(const SsoToken& token, std::string access_token,
                     std::chrono::seconds expires_in, std::string refresh_token, TimePoint now) {
  SsoToken t = token;
  t.access_token = std::move(access_token);
  t.expires_at = now + expires_in;
  if (!refresh_token.empty()) t.refresh_token = std::move(refresh_token);
  return t;
}

}  // namespace ssomap::aws
