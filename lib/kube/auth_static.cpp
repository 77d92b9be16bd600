#include "kube/auth_static.hpp"

#include <fmt/format.h>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kFixHint = "fix the user entry; see it with: kubectl config view --minify";

Error UserError(const User& u, const std::string& problem) {
  return Error(fmt::format("kubeconfig {}: user {}: {}", u.origin, text::Quote(u.name), problem),
               kFixHint);
}

/// `data` (base64) if set, else the content of `path`, else empty.
std::string DataOrFile(const User& u, const std::string& data, const std::string& path,
                       const char* field, const FileReader& read) {
  if (!data.empty()) {
    auto decoded = encoding::Base64Decode(data, encoding::Whitespace::kSkip);
    if (!decoded || decoded->empty())
      throw UserError(u, fmt::format("{}-data is not valid base64", field));
    return *std::move(decoded);
  }
  if (path.empty()) return {};
  std::optional<std::string> content;
  try {
    content = read(path);
  } catch (const Error& e) {
    throw UserError(u, e.what());
  }
  if (!content) throw UserError(u, fmt::format("{} {} does not exist", field, path));
  return *std::move(content);
}

}  // namespace

Credential StaticCredential(const User& user, const FileReader& read) {
  if (user.has_auth_provider) {
    throw UserError(user, "auth-provider plugins are not supported");
  }
  Credential c;
  if (!user.token.empty()) {
    c.token = user.token;
  } else if (!user.token_file.empty()) {
    auto content = DataOrFile(user, {}, user.token_file, "tokenFile", read);
    c.token = std::string(text::Trim(content));
    if (c.token.empty())
      throw UserError(user, fmt::format("tokenFile {} is empty", user.token_file));
  }
  c.client_cert_pem = DataOrFile(user, user.client_certificate_data, user.client_certificate,
                                 "client-certificate", read);
  c.client_key_pem = DataOrFile(user, user.client_key_data, user.client_key, "client-key", read);
  if (c.client_cert_pem.empty() != c.client_key_pem.empty()) {
    throw UserError(user, c.client_cert_pem.empty() ? "client-key without client-certificate"
                                                    : "client-certificate without client-key");
  }
  if (!user.username.empty() || !user.password.empty()) {
    if (!c.token.empty())
      throw UserError(user, "more than one authentication method found (token and basic auth)");
    c.basic_user = user.username;
    c.basic_password = user.password;
  }
  return c;
}

}  // namespace ssomap::kube
