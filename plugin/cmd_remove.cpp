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
  options.add_options()(
      "mode",
      "Which mechanism to remove from: auto (the one that admits the identity: its access entry "
      "first, else aws-auth), configmap (aws-auth only) or api (the access entry only)",
      cxxopts::value<std::string>()->default_value("auto"), "auto|configmap|api")(
      "policy",
      "Only disassociate this access policy (e.g. AmazonEKSViewPolicy) from the identity's access "
      "entry, keeping the entry and its other policies",
      cxxopts::value<std::string>(), "NAME");
  AddDryRunFlag(options);
  AddLocalFlags(options);
}

// The other mechanism still admitting the identity after a removal: said, never removed too.
void NoteStillAdmitted(const std::string& arn, const std::string& how, const std::string& fix,
                       Io& io) {
  fmt::print(io.err, "warning: {} still signs in: {}\n", arn, how);
  fmt::print(io.err, "hint: {}\n", fix);
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
  const auto eks =
      OpenEks(inv, args.cluster, io,
              args.mode == ops::AddMode::kApi || !args.cluster.cluster_name.empty(), true);
  const ops::RemoveRequest request{ResolveIdentity(args.arn, inv, io), args.arn.value_or(""),
                                   args.dry_run};
  const auto& arn = request.identity.arn;
  const bool dry_run = args.dry_run != ops::DryRunMode::kNone;
  const bool entries = eks && aws::AdmitsAccessEntries(eks->mode());
  if (!args.policy.empty() && !entries)
    throw UsageError(
        "--policy removes an access policy association: this cluster has no access "
        "entries",
        "pass --cluster-name NAME for an EKS cluster in mode API or "
        "API_AND_CONFIG_MAP");
  if (args.mode == ops::AddMode::kApi && !entries)
    (void)ops::ChooseMechanism(args.mode, eks->mode());
  if (entries && args.mode != ops::AddMode::kConfigMap) {
    // The access entry admits first (the authenticator's order): remove it, and only it.
    const auto removed = ops::RemoveThroughAccessEntry(
        {request.identity, request.as_written, inv.global.profile, dry_run, args.policy}, *eks,
        seams.client);
    PrintEntryRemove(removed, request.identity, dry_run, io, args.policy);
    if (!args.policy.empty()) {
      if (!removed.result.found)
        throw Error(fmt::format("{} has no access entry with policy {} on cluster {}", arn,
                                args.policy, eks->cluster().name),
                    "`kubectl ssomap list` shows the access entries and their policies");
      return Exit::kOk;
    }
    if (removed.result.found) {
      if (removed.aws_auth_maps) {
        NoteStillAdmitted(
            arn,
            fmt::format("aws-auth maps it too, and cluster {} (mode {}) reads aws-auth once no "
                        "access entry matches; that mapping was left as it is",
                        eks->cluster().name, aws::ModeName(eks->mode())),
            "kubectl ssomap remove --mode configmap ... removes the aws-auth mapping too", io);
      }
      return Exit::kOk;
    }
    if (!removed.reads_aws_auth || args.mode == ops::AddMode::kApi) {
      throw Error(
          fmt::format("{} has no access entry on cluster {}{}", arn, eks->cluster().name,
                      removed.reads_aws_auth ? "" : " (mode API: aws-auth is ignored there)"),
          "`kubectl ssomap list` shows the access entries");
    }
    fmt::print(io.err, "{} has no access entry on cluster {}: removing its aws-auth mapping\n", arn,
               eks->cluster().name);
  }
  const auto result = ops::Remove(request, seams);
  const auto exit =
      PrintChange(result.write, args.dry_run, inv.global, io, nlohmann::ordered_json::array());
  if (entries && args.mode == ops::AddMode::kConfigMap) {
    if (const auto entry = ops::FindAccessEntry(request.identity, *eks)) {
      NoteStillAdmitted(arn,
                        fmt::format("its access entry {} admits it on cluster {}, and was left as "
                                    "it is",
                                    entry->entry.principal_arn, eks->cluster().name),
                        "kubectl ssomap remove --mode api ... deletes the access entry", io);
    }
  }
  return exit;
}

}  // namespace

Command RemoveCommand() {
  return {
      "remove",
      "Remove the mapping of an identity (its access entry or aws-auth mapping)",
      "remove (--profile P | --arn ARN) [--mode auto|configmap|api] [--policy NAME] "
      "[--dry-run=client|server]",
      "Removes the entry the authenticator uses for the identity's aws-auth ARN, with the same "
      "safety as\n"
      "add (minimal edit, re-parse check, backup, conditional write, read-back). Node role "
      "mappings are\n"
      "never removed. On an EKS cluster in mode API or API_AND_CONFIG_MAP (its exec names it, or\n"
      "--cluster-name), it removes from the mechanism that admits the identity, in the "
      "authenticator's\n"
      "order: the access entry when there is one, else (API_AND_CONFIG_MAP) the aws-auth "
      "mapping. It\n"
      "never removes from both: when the other mechanism still admits the identity it says so "
      "(a\n"
      "warning) and leaves it; --mode configmap or --mode api picks the mechanism. --policy "
      "NAME\n"
      "only disassociates that access policy, keeping the access entry.",
      "  kubectl ssomap remove --profile dev-sso\n"
      "  kubectl ssomap remove --arn arn:aws:iam::123456789999:role/Dev --dry-run\n"
      "  kubectl ssomap remove -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev",
      Flags,
      Run};
}

}  // namespace ssomap::cli
