// Web identity (botocore AssumeRoleWithWebIdentityProvider): an OIDC token file exchanged for
// role credentials by an unsigned STS call; the file is re-read every time.
#include <fmt/format.h>

#include "aws/endpoints.hpp"
#include "aws/provider.hpp"
#include "aws/sts.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

class WebIdentityProvider final : public CredentialProvider {
 public:
  WebIdentityProvider(const ProviderContext& ctx, bool use_env) : ctx_(ctx), use_env_(use_env) {}
  std::string_view Name() const override { return "assume-role-with-web-identity"; }

  std::optional<Credentials> Load() override {
    auto token_file = Get("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE");
    if (token_file.empty()) return std::nullopt;
    WebIdentityParams params;
    params.role_arn = Get("role_arn", "AWS_ROLE_ARN");
    if (params.role_arn.empty()) {
      throw Error(
          "a web identity token file is configured but no role ARN (AWS_ROLE_ARN or role_arn)",
          "set AWS_ROLE_ARN or role_arn in the profile", Exit::kAuth);
    }
    params.session_name = Get("role_session_name", "AWS_ROLE_SESSION_NAME");
    if (params.session_name.empty()) {
      auto secs =
          std::chrono::duration_cast<std::chrono::seconds>(ctx_.clock().time_since_epoch()).count();
      params.session_name = fmt::format("{}{}", kDefaultSessionPrefix, secs);
    }
    params.web_identity_token =
        std::string(text::Trim(files::Read(ExpandHome(token_file, ctx_.env))));
    auto region = ctx_.region.empty() ? std::string(kDefaultStsRegion) : ctx_.region;
    auto endpoint = ResolveEndpoint(Service::kSts, region, ctx_.env, ctx_.config, ctx_.profile);
    log::Write(
        2, fmt::format("STS AssumeRoleWithWebIdentity {} at {}", params.role_arn, endpoint.url));
    StsClient sts(ctx_.transport, endpoint.url, endpoint.signing_region, ctx_.clock, ctx_.timeout);
    try {
      auto credentials = sts.AssumeRoleWithWebIdentity(params);
      credentials.source = std::string(Name());
      return credentials;
    } catch (const Error& e) {
      throw e.WithContext(fmt::format("assuming role {} with a web identity", params.role_arn));
    }
  }

 private:
  // The environment wins over the profile unless environment credentials are disabled.
  std::string Get(std::string_view key, const char* env_name) const {
    if (use_env_) {
      if (auto v = ctx_.env.GetOr(env_name, ""); !v.empty()) return v;
    }
    return ctx_.config.Get(ctx_.profile, key);
  }

  const ProviderContext& ctx_;
  bool use_env_;
};

}  // namespace

ProviderPtr MakeWebIdentityProvider(const ProviderContext& ctx, bool use_env) {
  return std::make_unique<WebIdentityProvider>(ctx, use_env);
}

}  // namespace ssomap::aws
