// `kubectl ssomap whoami [--profile P]`: who a profile is to AWS, and what aws-auth needs.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands_list.hpp"
#include "ops/whoami.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options&) {}

nlohmann::ordered_json ToJson(const ops::WhoamiResult& r) {
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
          {"credentialSource", r.credential_source}};
}

void PrintText(const ops::WhoamiResult& r, std::ostream& out) {
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
  };
  for (const auto& [key, value] : rows)
    fmt::print(out, "{:<19}{}\n", std::string(key) + ":", value);
}

Exit Run(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("whoami takes no arguments, got \"{}\"", inv.args[0]));
  auto seams = inv.runtime.Whoami();
  auto result =
      ops::Whoami({inv.global.profile, inv.global.region, inv.global.request_timeout}, seams);
  if (inv.global.output == OutputFormat::kTable) {
    PrintText(result, io.out);
  } else {
    PrintStructured(ToJson(result), inv.global.output, io.out);
  }
  return Exit::kOk;
}

}  // namespace

Command WhoamiCommand() {
  return {
      "whoami",
      "Show the AWS identity of a profile and the aws-auth ARN it needs",
      "whoami [--profile P] [--region R] [-o json|yaml]",
      "Resolves the profile's credentials as the AWS CLI does (environment, assume-role, web "
      "identity,\n"
      "IAM Identity Center, credentials file, credential_process, container, instance metadata), "
      "calls\n"
      "STS GetCallerIdentity, and prints the caller, the path-less role ARN that aws-auth "
      "compares,\n"
      "the permission set of an IAM Identity Center role, and where the credentials came from.\n"
      "An expired IAM Identity Center sign-in exits 4 with the `aws sso login` command that fixes "
      "it.",
      "  # The identity of an IAM Identity Center profile\n"
      "  kubectl ssomap whoami --profile test-profile\n\n"
      "  # Only the ARN to put in aws-auth\n"
      "  kubectl ssomap whoami --profile test-profile -o json | jq -r .awsAuthArn",
      Flags,
      Run};
}

}  // namespace ssomap::cli
