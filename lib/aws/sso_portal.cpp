#include "aws/sso_portal.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cctype>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

std::string Str(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// RFC 3986 percent-encoding of a query value (the unreserved set kept), as botocore sends it.
std::string QueryEncode(std::string_view value) {
  std::string out;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

Exit ExitFor(long status) { return status == 401 || status == 403 ? Exit::kAuth : Exit::kError; }

}  // namespace

RestJsonError ParseRestJsonError(const net::Response& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  RestJsonError e;
  e.code = response.Header("x-amzn-errortype");
  for (const char* key : {"code", "Code", "__type", "error"}) {
    if (e.code.empty()) e.code = Str(body, key);
  }
  e.code = e.code.substr(0, e.code.find(':'));
  if (auto hash = e.code.rfind('#'); hash != std::string::npos) e.code = e.code.substr(hash + 1);
  for (const char* key : {"message", "Message", "error_description"}) {
    if (e.message.empty()) e.message = Str(body, key);
  }
  if (e.code.empty()) e.code = fmt::format("HTTP {}", response.status);
  return e;
}

net::Request GetRoleCredentialsRequest(const std::string& endpoint, const std::string& access_token,
                                       const std::string& account_id,
                                       const std::string& role_name) {
  net::Request r;
  r.method = "GET";
  r.url = fmt::format("{}/federation/credentials?role_name={}&account_id={}", endpoint,
                      QueryEncode(role_name), QueryEncode(account_id));
  r.headers = {{"x-amz-sso_bearer_token", access_token}, {"Accept", "application/json"}};
  return r;
}

Credentials ParseRoleCredentials(const net::Response& response, const std::string& hint) {
  if (response.status != 200) {
    auto e = ParseRestJsonError(response);
    if (e.code == "UnauthorizedException") {
      throw Error(
          "IAM Identity Center rejected the SSO login (UnauthorizedException): it has expired or "
          "was "
          "signed out",
          hint, Exit::kAuth);
    }
    throw Error(fmt::format("IAM Identity Center GetRoleCredentials failed: {}{}{}", e.code,
                            e.message.empty() ? "" : ": ", text::Quote(e.message)),
                e.code == "ForbiddenException" || e.code == "ResourceNotFoundException"
                    ? "check sso_account_id and sso_role_name: the user must be assigned that "
                      "permission set"
                    : std::string(),
                ExitFor(response.status));
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  const auto& rc = body.is_object() && body.contains("roleCredentials") ? body["roleCredentials"]
                                                                        : nlohmann::json();
  Credentials c;
  c.access_key_id = Str(rc, "accessKeyId");
  c.secret_access_key = Str(rc, "secretAccessKey");
  c.session_token = Str(rc, "sessionToken");
  if (c.access_key_id.empty() || c.secret_access_key.empty() || !rc.contains("expiration") ||
      !rc["expiration"].is_number()) {
    throw Error("IAM Identity Center GetRoleCredentials returned no credentials");
  }
  c.expiration = timestamp::FromEpochMillis(rc["expiration"].get<long long>());
  c.source = "sso";
  return c;
}

net::Request RefreshTokenRequest(const std::string& endpoint, const SsoToken& token) {
  net::Request r;
  r.method = "POST";
  r.url = endpoint + "/token";
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  r.body = nlohmann::json{{"grantType", "refresh_token"},
                          {"clientId", token.client_id},
                          {"clientSecret", token.client_secret},
                          {"refreshToken", token.refresh_token}}
               .dump();
  return r;
}

SsoToken ParseRefreshResponse(const net::Response& response, const SsoToken& token, TimePoint now) {
  if (response.status != 200) {
    auto e = ParseRestJsonError(response);
    throw Error(fmt::format("refreshing the SSO token failed: {}{}{}", e.code,
                            e.message.empty() ? "" : ": ", text::Quote(e.message)),
                {}, ExitFor(response.status));
  }
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  auto access = Str(body, "accessToken");
  if (access.empty() || !body.contains("expiresIn") || !body["expiresIn"].is_number_integer()) {
    throw Error("refreshing the SSO token failed: the answer has no accessToken or expiresIn");
  }
  return WithRefresh(token, access, std::chrono::seconds(body["expiresIn"].get<long long>()),
                     Str(body, "refreshToken"), now);
}

}  // namespace ssomap::aws
