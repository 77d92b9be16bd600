#pragma once
/// The IAM Identity Center token that `aws sso login` leaves in ~/.aws/sso/cache, and when to
/// refresh it (botocore tokens.py SSOTokenProvider).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace ssomap::aws {

/// Refresh when less than this remains (botocore `_REFRESH_WINDOW`).
inline constexpr std::chrono::minutes kSsoRefreshWindow{15};
/// Inside this window a failed refresh is an error, not a warning (DeferredRefreshableToken).
inline constexpr std::chrono::minutes kSsoMandatoryRefreshWindow{10};

/// One cache file. Unknown fields are kept in `raw` and written back unchanged.
struct SsoToken {
  std::string access_token;  ///< a secret
  TimePoint expires_at;
  std::string refresh_token;  ///< a secret; empty when none
  std::string client_id;
  std::string client_secret;  ///< a secret
  std::optional<TimePoint> registration_expires_at;
  std::string region;
  std::string start_url;
  nlohmann::ordered_json raw;
};

/// Parses a cache file; nullopt when it lacks `accessToken` or a parseable `expiresAt`.
std::optional<SsoToken> ParseSsoToken(std::string_view json);

/// The file the CLI would write: `raw` with the known fields updated, dates as
/// `%Y-%m-%dT%H:%M:%SZ`.
std::string SerializeSsoToken(const SsoToken& token);

/// What to do with a cached token.
enum class TokenAction {
  kUse,      ///< valid for long enough
  kRefresh,  ///< sso-session form, inside the refresh window, refreshable
  kExpired,  ///< expired (or about to) and not refreshable: sign in again
};

/// The decision for a token at `now`. Only the sso-session form refreshes; it needs a refresh
/// token, client id and secret, and an unexpired client registration.
TokenAction DecideTokenAction(const SsoToken& token, TimePoint now, bool session_form);

/// Whether a token can still be used if its refresh failed: outside the mandatory window.
bool UsableAfterFailedRefresh(const SsoToken& token, TimePoint now);

/// The token after a CreateToken refresh: new access token, expiry now+expires_in, and the new
/// refresh token when one was returned (the old one is kept otherwise).
SsoToken WithRefresh(const SsoToken& token, std::string access_token,
                     std::chrono::seconds expires_in, std::string refresh_token, TimePoint now);

}  // namespace ssomap::aws
