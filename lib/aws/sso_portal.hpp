#pragma once
/// The IAM Identity Center portal (GetRoleCredentials) and SSO-OIDC (CreateToken, refresh
/// grant): both unsigned rest-json services.

#include <chrono>
#include <string>

#include "aws/credentials.hpp"
#include "aws/sso_token.hpp"
#include "core/clock.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// A rest-json error: code from `x-amzn-ErrorType` (before `:`, after `#`) or the body's
/// `code`/`__type`/`error`; message from `message`/`Message`/`error_description`.
struct RestJsonError {
  std::string code;
  std::string message;
};
RestJsonError ParseRestJsonError(const net::Response& response);

/// The request GetRoleCredentials sends: GET
/// {endpoint}/federation/credentials?role_name=&account_id= with `x-amz-sso_bearer_token`.
net::Request GetRoleCredentialsRequest(const std::string& endpoint, const std::string& access_token,
                                       const std::string& account_id, const std::string& role_name);

/// Parses the portal's answer (expiration in epoch milliseconds). Throws ssomap::Error: 401
/// UnauthorizedException is Exit::kAuth with `hint` as the fix.
Credentials ParseRoleCredentials(const net::Response& response, const std::string& hint);

/// The SSO-OIDC CreateToken request for the refresh_token grant: POST {endpoint}/token, JSON.
net::Request RefreshTokenRequest(const std::string& endpoint, const SsoToken& token);

/// The refreshed token from CreateToken's answer. Throws ssomap::Error on an error answer.
SsoToken ParseRefreshResponse(const net::Response& response, const SsoToken& token, TimePoint now);

}  // namespace ssomap::aws
