// Credentials from the environment (botocore EnvProvider).
#include <fmt/format.h>

#include "aws/provider.hpp"
#include "core/error.hpp"
#include "core/timestamp.hpp"

namespace ssomap::aws {
namespace {

class EnvProvider final : public CredentialProvider {
 public:
  explicit EnvProvider(const ProviderContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "env"; }

  std::optional<Credentials> Load() override {
    const auto& env = ctx_.env;
    auto key = env.GetOr("AWS_ACCESS_KEY_ID", "");
    if (key.empty()) return std::nullopt;
    Credentials c;
    c.access_key_id = key;
    c.secret_access_key = env.GetOr("AWS_SECRET_ACCESS_KEY", "");
    if (c.secret_access_key.empty()) {
      throw Error("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                  "set both, or unset AWS_ACCESS_KEY_ID to use a profile", Exit::kAuth);
    }
    // The legacy name is checked first, as botocore does.
    c.session_token = env.GetOr("AWS_SECURITY_TOKEN", env.GetOr("AWS_SESSION_TOKEN", ""));
    auto expiry = env.GetOr("AWS_CREDENTIAL_EXPIRATION", "");
    if (!expiry.empty()) {
      c.expiration = timestamp::ParseLenient(expiry);
      if (!c.expiration) {
        throw Error(fmt::format("AWS_CREDENTIAL_EXPIRATION is not a timestamp: {}", expiry),
                    "use ISO 8601, e.g. 2026-01-01T00:00:00Z");
      }
    }
    c.source = "env";
    return c;
  }

 private:
  const ProviderContext& ctx_;
};

}  // namespace

ProviderPtr MakeEnvProvider(const ProviderContext& ctx) {
  return std::make_unique<EnvProvider>(ctx);
}

}  // namespace ssomap::aws
