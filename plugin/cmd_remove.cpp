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
#include "ops/remove_mapping.hpp"
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
void NoteStillAdmitted(const std::string& arn, const ops::StillAdmitted& still, Io& io) {
  fmt::print(io.err, "warning: {} still signs in: {}\n", arn, still.how);
  fmt::print(io.err, "hint: {}\n", still.hint);
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
  const ops::RemoveMappingRequest request{
      {ResolveIdentity(args.arn, inv, io), args.arn.value_or(""), args.dry_run},
      args.mode,
      inv.global.profile,
      args.policy};
  const auto& identity = request.aws_auth.identity;
  const auto first = ops::RemoveAccessEntryFirst(request, seams, eks.get());
  if (first.entry)
    PrintEntryRemove(*first.entry, identity, args.dry_run != ops::DryRunMode::kNone, io,
                     args.policy);
  if (first.refusal) throw *first.refusal;
  if (first.still) NoteStillAdmitted(identity.arn, *first.still, io);
  if (!first.then_aws_auth) return Exit::kOk;
  if (!first.fell_back.empty())
    fmt::print(io.err, "{}: removing its aws-auth mapping\n", first.fell_back);
  const auto second = ops::RemoveAwsAuthMapping(request, seams, eks.get());
  const auto exit = PrintChange(second.change.write, args.dry_run, inv.global, io,
                                nlohmann::ordered_json::array());
  if (second.still) NoteStillAdmitted(identity.arn, *second.still, io);
  if (!second.warning.empty()) fmt::print(io.err, "warning: {}\n", second.warning);
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
