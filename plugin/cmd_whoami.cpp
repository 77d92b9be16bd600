// `kubectl ssomap whoami [--profile P]`: who a profile is to AWS, and what aws-auth needs.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands_list.hpp"
#include "ops/presented_identity.hpp"
#include "ops/whoami.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options&) {}

nlohmann::ordered_json ToJson(const ops::WhoamiResult& r, const ops::PresentedIdentity& identity) {
  auto optional = [](const std::optional<std::string>& v) {
    return v ? nlohmann::ordered_json(*v) : nullptr;
  };
  return {{"arn", r.arn},
          {"userId", r.user_id},
          {"account", r.account},
          {"sessionName", optional(r.session_name)},
          {"awsAuthArn", r.aws_auth_arn},
          {"permissionSet", optional(r.permission_set)},
          {"profile", r.profile},
          {"credentialSource", r.credential_source},
          {"assumedRole", r.assumed_role.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(r.assumed_role)},
          {"identity", identity.description},
          {"identityNote", identity.note.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(identity.note)}};
}

void PrintText(const ops::WhoamiResult& r, const ops::PresentedIdentity& identity,
               std::ostream& out) {
  auto or_none = [](const std::optional<std::string>& v) { return v ? *v : std::string("<none>"); };
  const std::pair<const char*, std::string> rows[] = {
      {"ARN", r.arn},
      {"UserId", r.user_id},
      {"Account", r.account},
      {"Session name", or_none(r.session_name)},
      {"aws-auth ARN", r.aws_auth_arn},
      {"Permission set", or_none(r.permission_set)},
      {"Profile", r.profile},
      {"Credential source", r.credential_source},
      {"Assumed role", r.assumed_role.empty() ? std::string("<none>") : r.assumed_role},
      {"Identity", identity.description},
  };
  for (const auto& [key, value] : rows)
    fmt::print(out, "{:<19}{}\n", std::string(key) + ":", value);
  // In the result, not as a stderr warning: errors stay one `error:` line (DESIGN.md §2).
  if (!identity.note.empty()) fmt::print(out, "{:<19}{}\n", "Note:", identity.note);
}

Exit Run(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("whoami takes no arguments, got \"{}\"", inv.args[0]));
  const auto identity = inv.runtime.Presented();
  auto seams = inv.runtime.Whoami();
  auto result = ops::Whoami(
      ops::WhoamiRequestOf(identity, inv.global.region, inv.global.request_timeout), seams);
  if (inv.global.output == OutputFormat::kTable) {
    PrintText(result, identity, io.out);
  } else {
    PrintStructured(ToJson(result, identity), inv.global.output, io.out);
  }
  return Exit::kOk;
}

}  // namespace

Command WhoamiCommand() {
  return {
      "whoami",
      "Show the AWS identity of a profile and the aws-auth ARN it needs",
      "whoami [--profile P] [--region R] [-o json|yaml]",
      "Tests the identity the context presents: the profile its `aws eks get-token` or\n"
      "aws-iam-authenticator exec uses (--profile in its args, else AWS_PROFILE in its env, else\n"
      "the environment's), then any role it assumes on top (--role-arn, -r), assumed as its tool\n"
      "does. --profile P wins and tests that profile instead. A context that signs in otherwise\n"
      "presents no identity we can derive: whoami says so (Note) and tests AWS_PROFILE / default.\n"
      "Resolves the profile's credentials as the AWS CLI does (environment, assume-role, web "
      "identity,\n"
      "IAM Identity Center, credentials file, credential_process, container, instance metadata), "
      "calls\n"
      "STS GetCallerIdentity, and prints the caller, the path-less role ARN that aws-auth "
      "compares,\n"
      "the permission set of an IAM Identity Center role, and where the credentials came from.\n"
      "An expired IAM Identity Center sign-in exits 4 with the `aws sso login` command that fixes "
      "it.",
      "  # The identity context sso-user presents to its cluster\n"
      "  kubectl ssomap whoami --context sso-user\n\n"
      "  # The identity of an IAM Identity Center profile\n"
      "  kubectl ssomap whoami --profile test-profile\n\n"
      "  # Only the ARN to put in aws-auth\n"
      "  kubectl ssomap whoami --profile test-profile -o json | jq -r .awsAuthArn",
      Flags,
      Run};
}

}  // namespace ssomap::cli
