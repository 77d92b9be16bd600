// `kubectl ssomap migrate`: an access entry for every aws-auth mapping that has none.
#include <fmt/format.h>

#include "cluster_mode.hpp"
#include "eks_access.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddClusterFlags(options);
  options.add_options()("dry-run", "Print the plan and the EKS calls; change nothing")(
      "prune-configmap",
      "After each access entry is confirmed, remove exactly the migrated mappings from aws-auth");
}

Exit Run(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("migrate takes no arguments, got \"{}\"", inv.args[0]));
  const auto session = OpenCluster(inv, io);
  const auto access = EksAccess::Open(inv, io, *session, true);
  return access->Migrate(inv, io, *session);
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
