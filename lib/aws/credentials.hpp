#pragma once
/// AWS credentials as every provider of the chain returns them.

#include <chrono>
#include <optional>
#include <string>

namespace ssomap::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  ///< secret: never printed or logged
  std::string session_token;      ///< secret: never printed or logged; empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  ///< where they came from, for `whoami`: "env", "sso", "assume-role",
                       ///< "shared-credentials-file", ...
};

}  // namespace ssomap::aws
