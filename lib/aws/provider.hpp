#pragma once
/// One source of AWS credentials in the chain, and the inputs every provider shares.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/config_file.hpp"
#include "aws/credentials.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// Asks the user for a secret on their terminal (the MFA code); nullopt when there is no terminal.
class Prompt {
 public:
  virtual ~Prompt() = default;
  virtual std::optional<std::string> Ask(const std::string& question) = 0;
};

/// The seams and settings the providers read. Everything is borrowed; nothing is owned.
struct ProviderContext {
  const Environment& env;
  const ConfigFiles& config;
  std::string profile;            ///< the profile whose credentials are wanted
  bool profile_explicit = false;  ///< chosen by --profile: environment keys are skipped (botocore)
  std::string region;             ///< the region STS calls of the chain (assume-role) go to
  net::Transport& transport;      ///< HTTP for STS, the SSO portal, OIDC, containers and IMDS
  ProcessRunner& processes;       ///< credential_process
  Clock clock;
  Prompt* prompt = nullptr;              ///< MFA codes; nullptr: no terminal
  std::chrono::milliseconds timeout{0};  ///< per request; 0 = the transport's default
};

/// One credential source. `Load` returns nullopt when the source does not apply (nothing
/// configured), credentials when it does, and throws ssomap::Error when it applies but fails.
class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  /// The `credentialSource` whoami reports, e.g. "env", "sso", "assume-role".
  virtual std::string_view Name() const = 0;
  virtual std::optional<Credentials> Load() = 0;
};

using ProviderPtr = std::unique_ptr<CredentialProvider>;

/// Resolves a named profile's credentials with the profile providers (for `source_profile`).
using ProfileResolver = std::function<Credentials(const std::string& profile)>;

// ---- The providers, one per file (provider_<name>.cpp), in AWS CLI v2 chain order. ----

/// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (AWS_SECURITY_TOKEN first).
ProviderPtr MakeEnvProvider(const ProviderContext& ctx);
/// `role_arn` with `source_profile` or `credential_source` (not with web_identity_token_file).
ProviderPtr MakeAssumeRoleProvider(const ProviderContext& ctx, ProfileResolver source);
/// AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN (unless env is disabled) or the profile's keys.
ProviderPtr MakeWebIdentityProvider(const ProviderContext& ctx, bool use_env);
/// IAM Identity Center: `sso_account_id`/`sso_role_name`, legacy or `sso_session` form.
ProviderPtr MakeSsoProvider(const ProviderContext& ctx);
/// Static keys of the credentials file (`shared-credentials-file`) or of the config file
/// (`config-file`).
ProviderPtr MakeSharedFileProvider(const ProviderContext& ctx, bool credentials_file);
/// `credential_process`.
ProviderPtr MakeProcessProvider(const ProviderContext& ctx);
/// ECS/EKS Pod Identity container credentials.
ProviderPtr MakeContainerProvider(const ProviderContext& ctx);
/// EC2 instance metadata (IMDSv2).
ProviderPtr MakeImdsProvider(const ProviderContext& ctx);

/// The hint every "not signed in" error carries for `profile`.
std::string SignInHint(const std::string& profile);

}  // namespace ssomap::aws
