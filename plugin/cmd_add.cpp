// `kubectl ssomap add` and `kubectl ssomap remove`: change one mapping in aws-auth.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "awsauth/manifest.hpp"
#include "commands_list.hpp"
#include "local_mode.hpp"
#include "mapping_flags.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

void AddFlags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddGrantFlags(options);
  AddLocalFlags(options);
}

void RemoveFlags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddLocalFlags(options);
}

// Local mode prints the edited manifest: every byte outside the changed entry as it was.
Exit PrintLocal(const awsauth::Manifest& manifest, const ops::MappingPlan& plan, const ops::GlobalOptions& global,
                Io& io) {
  const auto text = awsauth::RenderManifest(manifest, plan.data);
  ReportPlan(plan, false, io);
  if (global.output == ops::OutputFormat::kJson) {
    PrintStructured(YamlTextToJson(text), global.output, io.out);
  } else {
    io.out << text;
  }
  return Exit::kOk;
}

Exit RunAdd(const Invocation& inv, Io& io) {
  if (!inv.args.empty()) throw UsageError(fmt::format("add takes no arguments, got \"{}\"", inv.args[0]));
  if (!IsLocal(inv.flags)) {
    throw UsageError("add needs -f FILE --local in this build", "pass an aws-auth manifest with -f FILE --local");
  }
  if (inv.flags.count("view")) {
    throw UsageError("--view needs a cluster: it also creates a Role and RoleBinding",
                     "with --local, map to a group with --group G and create its RBAC objects yourself");
  }
  const auto grant = GrantFromFlags(inv.flags, io);
  const auto identity = IdentityFromArn(inv.flags, io);
  const auto manifest = ReadManifest(inv.flags, io);
  const auto plan = ops::PlanAdd(manifest.data, identity, grant, inv.flags.count("overwrite") > 0);
  return PrintLocal(manifest, plan, inv.global, io);
}

Exit RunRemove(const Invocation& inv, Io& io) {
  if (!inv.args.empty()) throw UsageError(fmt::format("remove takes no arguments, got \"{}\"", inv.args[0]));
  if (!IsLocal(inv.flags)) {
    throw UsageError("remove needs -f FILE --local in this build", "pass an aws-auth manifest with -f FILE --local");
  }
  const auto identity = IdentityFromArn(inv.flags, io);
  const auto manifest = ReadManifest(inv.flags, io);
  const auto plan = ops::PlanRemove(manifest.data, identity);
  return PrintLocal(manifest, plan, inv.global, io);
}

}  // namespace

Command AddCommand() {
  return {"add",
          "Map an identity into aws-auth (--admin, --view or --group)",
          "add (--profile P | --arn ARN) (--admin | --view [-n NS] | --group G...) [--username U] [--overwrite]",
          "Adds one mapRoles (or mapUsers) entry for the identity's aws-auth ARN: the role ARN without its\n"
          "IAM path, which is what aws-iam-authenticator compares. Every other entry, comment and data key\n"
          "stays byte-identical, and the result is parsed again and checked before anything is written.\n"
          "A second mapping for the same ARN is refused, showing the existing one, unless --overwrite.",
          "  # Map the SSO role of an IAM console ARN as cluster admin, in a manifest file\n"
          "  kubectl ssomap add -f aws-auth.yaml --local --admin \\\n"
          "    --arn arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
          "AWSReservedSSO_AdministratorAccess_05a3861234567890\n\n"
          "  # Map to your own group with a fixed username\n"
          "  kubectl ssomap add -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev --group dev "
          "--username dev:{{SessionName}}",
          AddFlags, RunAdd};
}

Command RemoveCommand() {
  return {"remove",
          "Remove the mapping of an identity from aws-auth",
          "remove (--profile P | --arn ARN)",
          "Removes the entry the authenticator uses for the identity's aws-auth ARN, with the same safety as\n"
          "add. Node role mappings are never removed.",
          "  kubectl ssomap remove -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev",
          RemoveFlags, RunRemove};
}

}  // namespace ssomap::cli
