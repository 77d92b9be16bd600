// `kubectl ssomap migrate`: an access entry for every aws-auth mapping that has none.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "command_args.hpp"
#include "commands_list.hpp"
#include "eks_access.hpp"
#include "ops/access_change.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddClusterFlags(options);
  options.add_options()("dry-run", "Print the plan and the EKS calls; change nothing")(
      "prune-configmap",
      "After each access entry is confirmed, remove exactly the migrated mappings from aws-auth");
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseMigrateArgs(inv.flags, inv.args);
  const auto eks = OpenEks(inv, args.cluster, io, true);
  const auto outcome = ops::Migrate({args.dry_run, args.prune}, *eks, inv.runtime.Write());
  for (const auto& line : ops::PlanLines(outcome.plan)) fmt::print(io.out, "{}\n", line);
  for (const auto& step : outcome.result.steps) fmt::print(io.err, "{}\n", step.Line());
  for (const auto& failure : outcome.result.failures)
    fmt::print(io.err, "error: not migrated: {}\n", failure);
  if (const auto& written = outcome.pruned) {
    if (written->backup)
      fmt::print(io.err, "backup of the previous aws-auth: {}\n", written->backup->path.string());
    fmt::print(io.out, "configmap/aws-auth {}: {} migrated mapping(s) removed\n",
               written->written ? "configured" : "unchanged", outcome.result.confirmed.size());
  } else if (args.prune && args.dry_run) {
    fmt::print(io.err, "--prune-configmap: nothing removed under --dry-run\n");
  }
  return outcome.result.failures.empty() ? Exit::kOk : Exit::kError;
}

}  // namespace

Command MigrateCommand() {
  return {
      "migrate",
      "Create an access entry for every aws-auth mapping that has none",
      "migrate [--dry-run] [--prune-configmap] [--cluster-name NAME] [--admin-profile P]",
      "For a cluster in authentication mode API_AND_CONFIG_MAP (or API): prints the plan, then\n"
      "creates an access entry for each aws-auth mapping without one. Role ARNs get their IAM "
      "path\n"
      "from IAM GetRole (an access entry needs it; aws-auth has it stripped), groups become\n"
      "kubernetesGroups, system:masters becomes AmazonEKSClusterAdminPolicy at cluster scope. "
      "Node\n"
      "roles are left to EKS; service-linked roles, sso: matchers, mapAccounts and other system:\n"
      "groups are reported, not migrated. aws-auth is left as it is unless --prune-configmap, "
      "which\n"
      "removes only the mappings whose access entry was created and read back (with a backup).\n"
      "The EKS and IAM calls use the administrator's credentials: --admin-profile, else the\n"
      "context's exec profile, AWS_PROFILE, default.",
      "  # See the plan\n"
      "  kubectl ssomap migrate --context admin@staging --cluster-name staging --dry-run\n\n"
      "  # Migrate, then remove the migrated mappings from aws-auth\n"
      "  kubectl ssomap migrate --cluster-name staging --prune-configmap",
      Flags,
      Run};
}

}  // namespace ssomap::cli
