#include "ops/presented_identity.hpp"

#include <fmt/format.h>

#include "aws/config_file.hpp"
#include "core/text.hpp"
#include "kube/native_token.hpp"

namespace ssomap::ops {
namespace {

/// How the AWS CLI's default profile was picked from `env` (aws::SelectProfile's order).
std::string DefaultProfileWhy(const Environment& env) {
  for (const char* var : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    if (!env.GetOr(var, "").empty()) return var;
  }
  return "no AWS_PROFILE: the default profile";
}

/// What a context's user signs in with, when it is not an exec we can read.
std::string AuthenticatesWith(const kube::User& user, const std::string& why_not) {
  if (user.exec) return fmt::format("exec {} ({})", text::Quote(user.exec->command), why_not);
  if (user.has_auth_provider) return "an auth-provider";
  if (!user.token.empty() || !user.token_file.empty()) return "a bearer token";
  if (!user.client_certificate.empty() || !user.client_certificate_data.empty())
    return "a client certificate";
  if (!user.username.empty()) return "basic authentication";
  return "no credentials";
}

/// "--role-arn" or "-r": the exec's own spelling of the role option, for messages.
std::string RoleOption(const kube::EksExec& exec) {
  if (exec.tool != kube::EksExec::Tool::kAwsIamAuthenticator) return "--role-arn";
  return "-r/--role (or DEFAULT_ROLE)";
}

/// "profile P (why)[, then role R (its --role-arn)]" for the exec of `context`.
std::string DescribeExec(const kube::EksExec& exec, const std::string& profile,
                         const std::string& context, const Environment& env) {
  std::string why;
  if (exec.profile_from_args) {
    why = fmt::format("--profile in the exec args of context {}", context);
  } else if (!exec.profile.empty()) {
    why = fmt::format("AWS_PROFILE in the exec env of context {}", context);
  } else {
    why = fmt::format("the exec of context {} names none: {}, as it inherits the environment",
                      context, DefaultProfileWhy(env));
  }
  auto out = fmt::format("profile {} ({})", profile, why);
  if (!exec.role_arn.empty())
    out += fmt::format(", then role {} assumed by its {}", exec.role_arn, RoleOption(exec));
  return out;
}

}  // namespace

PresentedIdentity ChoosePresentedIdentity(const std::string& profile_flag,
                                          const kube::ResolvedContext* context,
                                          const std::string& context_error,
                                          const Environment& env) {
  PresentedIdentity out;
  std::optional<kube::EksExec> exec;
  std::string why_not;
  if (context != nullptr && context->user.exec)
    exec = kube::ParseEksExec(*context->user.exec, &why_not);
  std::string presented;  // what the context presents, for the --profile line
  if (exec) {
    const kube::OverlayEnvironment exec_env(env, exec->env);
    const auto profile =
        aws::SelectProfile(exec->profile_from_args ? exec->profile : std::string(), exec_env).name;
    presented = DescribeExec(*exec, profile, context->name, exec_env);
    if (profile_flag.empty()) {
      out.source = PresentedIdentity::Source::kExec;
      out.profile = profile;
      out.role_arn = exec->role_arn;
      out.description = presented;
      out.exec = std::move(exec);
      return out;
    }
  }
  if (!profile_flag.empty()) {
    out.source = PresentedIdentity::Source::kFlag;
    out.profile = profile_flag;
    out.description =
        presented.empty()
            ? fmt::format("profile {} (--profile)", profile_flag)
            : fmt::format("profile {} (--profile, which wins over what context {} presents: {})",
                          profile_flag, context->name, presented);
    return out;
  }
  out.source = PresentedIdentity::Source::kFallback;
  out.profile = aws::SelectProfile("", env).name;
  if (context == nullptr) {
    out.description = fmt::format("profile {} ({}; no kubeconfig context: {})", out.profile,
                                  DefaultProfileWhy(env), context_error);
    return out;
  }
  out.description = fmt::format("profile {} ({})", out.profile, DefaultProfileWhy(env));
  out.note = fmt::format(
      "context {} signs in with {}, not `aws eks get-token` or `aws-iam-authenticator token`: the "
      "AWS identity it presents cannot be derived; testing profile {} ({}) instead — pass "
      "--profile P to test the profile its users sign in with",
      context->name, AuthenticatesWith(context->user, why_not), out.profile,
      DefaultProfileWhy(env));
  return out;
}

WhoamiRequest WhoamiRequestOf(const PresentedIdentity& identity, const std::string& region,
                              std::chrono::milliseconds timeout) {
  WhoamiRequest request;
  if (identity.source == PresentedIdentity::Source::kFlag) request.profile = identity.profile;
  request.region = region;
  request.timeout = timeout;
  request.exec = identity.exec;
  return request;
}

}  // namespace ssomap::ops
