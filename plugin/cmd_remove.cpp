// `kubectl ssomap remove`: drop the mapping of one identity from aws-auth, on a live cluster
// (through ops::Remove) or in a manifest file with -f FILE --local.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "change_report.hpp"
#include "cluster_mode.hpp"
#include "command_args.hpp"
#include "commands_list.hpp"
#include "eks_access.hpp"
#include "local_mode.hpp"
#include "mapping_flags.hpp"
#include "ops/change.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddClusterFlags(options);
  AddDryRunFlag(options);
  AddLocalFlags(options);
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseRemoveArgs(inv.flags, inv.args, inv.global);
  if (args.local_file) {
    const auto identity = IdentityFromArn(*args.arn, io);
    const auto manifest = ReadManifest(*args.local_file, io);
    const auto plan = ops::PlanRemove(manifest.data, identity, *args.arn, FileLines(manifest));
    return PrintLocal(RenderEdited(manifest, plan.data), plan, inv.global, io);
  }
  const auto seams = inv.runtime.Write();
  const auto eks = OpenEks(inv, args.cluster, io, !args.cluster.cluster_name.empty());
  const ops::RemoveRequest request{ResolveIdentity(args.arn, inv, io), args.arn.value_or(""),
                                   args.dry_run};
  if (eks && aws::AdmitsAccessEntries(eks->mode())) {
    // The access entry first; aws-auth too when the cluster reads it and maps the identity.
    const bool dry_run = args.dry_run != ops::DryRunMode::kNone;
    const auto removed = ops::RemoveThroughAccessEntry(
        {request.identity, request.as_written, inv.global.profile, dry_run}, *eks, seams.client);
    PrintEntryRemove(removed, request.identity, dry_run, io);
    const bool found = removed.result.found;
    if (!removed.reads_aws_auth) {
      if (!found) {
        throw Error(fmt::format("{} has no access entry on cluster {}", request.identity.arn,
                                eks->cluster().name),
                    "`kubectl ssomap list` shows the access entries");
      }
      return Exit::kOk;
    }
    if (found && !removed.aws_auth_maps) return Exit::kOk;
    if (found) {
      fmt::print(io.err, "note: aws-auth also maps {}; removing that mapping too\n",
                 request.identity.arn);
    }
  }
  const auto result = ops::Remove(request, seams);
  return PrintChange(result.write, args.dry_run, inv.global, io, nlohmann::ordered_json::array());
}

}  // namespace

Command RemoveCommand() {
  return {
      "remove",
      "Remove the mapping of an identity from aws-auth",
      "remove (--profile P | --arn ARN) [--dry-run=client|server]",
      "Removes the entry the authenticator uses for the identity's aws-auth ARN, with the same "
      "safety as\n"
      "add (minimal edit, re-parse check, backup, conditional write, read-back). Node role "
      "mappings are\n"
      "never removed. On an EKS cluster in mode API or API_AND_CONFIG_MAP (its exec names it, or\n"
      "--cluster-name), the identity's access entry is deleted, and its aws-auth mapping too when\n"
      "the mode reads aws-auth.",
      "  kubectl ssomap remove --profile dev-sso\n"
      "  kubectl ssomap remove --arn arn:aws:iam::123456789999:role/Dev --dry-run\n"
      "  kubectl ssomap remove -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev",
      Flags,
      Run};
}

}  // namespace ssomap::cli
