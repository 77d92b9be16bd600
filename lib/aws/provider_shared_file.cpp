// Static keys from the credentials file or the config file (botocore SharedCredentialProvider,
// ConfigProvider).
#include <fmt/format.h>

#include "aws/provider.hpp"
#include "core/error.hpp"

namespace ssomap::aws {
namespace {

class SharedFileProvider final : public CredentialProvider {
 public:
  SharedFileProvider(const ProviderContext& ctx, bool credentials_file)
      : ctx_(ctx), credentials_file_(credentials_file) {}
  std::string_view Name() const override {
    return credentials_file_ ? "shared-credentials-file" : "config-file";
  }

  std::optional<Credentials> Load() override {
    const auto& sections =
        credentials_file_ ? ctx_.config.credentials_profiles : ctx_.config.config_profiles;
    auto it = sections.find(ctx_.profile);
    if (it == sections.end() || it->second.Get("aws_access_key_id").empty()) return std::nullopt;
    const Section& s = it->second;
    Credentials c;
    c.access_key_id = s.Get("aws_access_key_id");
    c.secret_access_key = s.Get("aws_secret_access_key");
    if (c.secret_access_key.empty()) {
      throw Error(
          fmt::format("profile {} in {} has aws_access_key_id but no aws_secret_access_key",
                      ctx_.profile, s.file),
          fmt::format("aws configure set aws_secret_access_key ... --profile {}", ctx_.profile),
          Exit::kAuth);
    }
    // The legacy name first, as botocore does.
    c.session_token =
        s.Has("aws_security_token") ? s.Get("aws_security_token") : s.Get("aws_session_token");
    c.source = std::string(Name());
    return c;
  }

 private:
  const ProviderContext& ctx_;
  bool credentials_file_;
};

}  // namespace

ProviderPtr MakeSharedFileProvider(const ProviderContext& ctx, bool credentials_file) {
  return std::make_unique<SharedFileProvider>(ctx, credentials_file);
}

}  // namespace ssomap::aws
