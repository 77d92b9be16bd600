// `kubectl ssomap remove`: drop the mapping of one identity from aws-auth, on a live cluster
// (through ops::Remove) or in a manifest file with -f FILE --local.
#include <fmt/format.h>

#include "change_report.hpp"
#include "cluster_mode.hpp"
#include "command_args.hpp"
#include "commands_list.hpp"
#include "local_mode.hpp"
#include "mapping_flags.hpp"
#include "ops/change.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddDryRunFlag(options);
  AddLocalFlags(options);
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseRemoveArgs(inv.flags, inv.args, inv.global);
  if (args.local_file) {
    const auto identity = IdentityFromArn(*args.arn, io);
    const auto manifest = ReadManifest(*args.local_file, io);
    const auto plan = ops::PlanRemove(manifest.data, identity, *args.arn);
    return PrintLocal(RenderEdited(manifest, plan.data), plan, inv.global, io);
  }
  const auto seams = inv.runtime.Write();
  const ops::RemoveRequest request{ResolveIdentity(args.arn, inv, io), args.arn.value_or(""),
                                   args.dry_run};
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
      "never removed.",
      "  kubectl ssomap remove --profile dev-sso\n"
      "  kubectl ssomap remove --arn arn:aws:iam::123456789999:role/Dev --dry-run\n"
      "  kubectl ssomap remove -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev",
      Flags,
      Run};
}

}  // namespace ssomap::cli
