#include "help.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "flags.hpp"

namespace ssomap::cli {
namespace {

constexpr std::string_view kExitCodes =
    "Exit codes:\n"
    "  0  success; a change to aws-auth was applied (or there was nothing to change)\n"
    "  1  the operation failed (bad input, I/O, a server said no); a change was not applied\n"
    "  2  usage error (unknown command or flag, missing value)\n"
    "  3  refused by a safety check (duplicate mapping, a change that would drop another mapping,\n"
    "     an aws-auth key that does not parse); nothing was written\n"
    "  4  credentials missing, expired or rejected (AWS or the cluster)\n"
    "  5  outcome unknown: a write to aws-auth was sent but could not be confirmed (its reply\n"
    "     was lost and aws-auth could not be read again); check with `kubectl ssomap list`\n";

}  // namespace

cxxopts::Options CommandOptions(const Command& command) {
  cxxopts::Options options(fmt::format("kubectl ssomap {}", command.name),
                           std::string(command.summary));
  command.add_flags(options);
  AddGlobalFlags(options);
  return options;
}

void PrintTopHelp(std::ostream& out) {
  fmt::print(
      out,
      "Map AWS IAM Identity Center (SSO) roles into Amazon EKS clusters, safely.\n\n"
      "kubectl ssomap finds the path-less role ARN that aws-auth needs, edits ConfigMap\n"
      "kube-system/aws-auth without touching any other mapping, and shows that it worked.\n\n"
      "Commands:\n");
  for (const auto& c : Commands()) fmt::print(out, "  {:<9} {}\n", c.name, c.summary);
  fmt::print(out,
             "\nGlobal flags (after 'ssomap'): --kubeconfig, --context, -n/--namespace, "
             "--request-timeout,\n"
             "  --profile, --region, -o/--output table|json|yaml, -v/--v=N, -h/--help\n\n"
             "{}\n"
             "Usage:\n  kubectl ssomap COMMAND [flags]\n\n"
             "Use \"kubectl ssomap COMMAND --help\" for more information about a command.\n",
             kExitCodes);
}

void PrintCommandHelp(const Command& command, const cxxopts::Options& options, std::ostream& out) {
  fmt::print(out, "{}\n\n", command.summary);
  if (!command.details.empty()) fmt::print(out, "{}\n\n", command.details);
  if (!command.examples.empty()) fmt::print(out, "Examples:\n{}\n\n", command.examples);
  fmt::print(out, "Usage:\n  kubectl ssomap {}\n", command.synopsis);
  // cxxopts formats the flag list (its own "Usage" line is dropped in favour of ours).
  std::string flags = options.help({"", "Global"});
  auto first_blank = flags.find("\n\n");
  fmt::print(out, "{}\n{}",
             first_blank == std::string::npos ? flags : flags.substr(first_blank + 1), kExitCodes);
}

}  // namespace ssomap::cli
