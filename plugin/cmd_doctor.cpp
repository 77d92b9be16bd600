// `kubectl ssomap doctor [--profile P]`: explain, step by step, why an identity can or cannot
// reach the current cluster, and what to run (the steps: ops::Doctor).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "command_args.hpp"
#include "commands_list.hpp"
#include "core/redact.hpp"
#include "ops/doctor.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  options.add_options()(
      "cluster-name",
      "EKS cluster name, to test the profile's sign-in (default: from the context's "
      "`aws eks get-token` exec or its EKS ARN name)",
      cxxopts::value<std::string>(), "NAME")(
      "admin-profile",
      "AWS profile whose credentials ask EKS for the cluster's mode and access entries (default: "
      "the context's exec profile, AWS_PROFILE, default)",
      cxxopts::value<std::string>(), "P");
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseDoctorArgs(inv.flags, inv.args);
  const auto& g = inv.global;
  const auto identity = inv.runtime.Presented();
  const auto& profile = identity.profile;
  auto seams = inv.runtime.Doctor();
  const auto report = ops::Doctor(
      {profile, g.region, args.cluster_name, args.admin_profile, g.request_timeout, identity},
      seams);
  if (g.output != OutputFormat::kTable) {
    nlohmann::ordered_json facts = {{"profile", profile}, {"identity", identity.description}};
    if (!identity.role_arn.empty()) facts["assumedRole"] = identity.role_arn;
    if (report.arn) facts["arn"] = *report.arn;
    if (report.aws_auth_arn) facts["awsAuthArn"] = *report.aws_auth_arn;
    if (report.context) facts["context"] = *report.context;
    if (report.mode) facts["authenticationMode"] = *report.mode;
    facts["admittedBy"] = report.admitted_by ? nlohmann::ordered_json(*report.admitted_by)
                                             : nlohmann::ordered_json(nullptr);
    auto items = nlohmann::ordered_json::array();
    for (const auto& c : report.checks) {
      items.push_back({{"name", c.name},
                       {"status", ops::StatusName(c.status)},
                       {"message", redact::Text(c.message)},
                       {"fix", c.fix.empty() ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(redact::Text(c.fix))}});
    }
    facts["checks"] = items;
    facts["ok"] = !report.Failed();
    PrintStructured(facts, g.output, io.out);
  } else {
    for (const auto& c : report.checks) {
      // Doctor lines pass through the one redaction, as errors and logs do (core/redact.hpp).
      fmt::print(io.out, "{:<5} {:<13} {}\n", ops::StatusName(c.status), c.name,
                 redact::Text(c.message));
      if (!c.fix.empty()) fmt::print(io.out, "{:<19} fix: {}\n", "", redact::Text(c.fix));
    }
  }
  return report.Failed() ? Exit::kError : Exit::kOk;
}

}  // namespace

Command DoctorCommand() {
  return {"doctor",
          "Explain why an identity can or cannot reach the cluster, and what to run",
          "doctor [--profile P] [--cluster-name NAME] [--admin-profile P] [-o json|yaml]",
          "Checks, in order: the profile's AWS credentials and STS identity; the role ARN aws-auth "
          "must name;\n"
          "the EKS cluster's authentication mode (DescribeCluster with the administrator's "
          "profile) and, where\n"
          "the mode admits them, the identity's access entry, which the authenticator checks "
          "first; then, where\n"
          "the mode reads it (CONFIG_MAP, API_AND_CONFIG_MAP; always when the cluster is "
          "unknown), aws-auth as\n"
          "the current context reads it and the mapping the authenticator would use (not "
          "mapped, a\n"
          "path-ful twin that never matches, duplicates, a key that does not parse); what the "
          "mapped groups\n"
          "are bound to; and finally a real sign-in: an EKS token for the profile, made here, and "
          "the API\n"
          "server's SelfSubjectReview of it. Every failed step names the command that fixes it. "
          "The profile\n"
          "defaults to the one the context's exec uses, then AWS_PROFILE, then default. Exits 1 if "
          "a step\n"
          "fails.\n"
          "The identity tested is the one the context presents: its `aws eks get-token` or\n"
          "aws-iam-authenticator exec's profile and any role it assumes on top (--role-arn, -r),\n"
          "assumed as its tool does; --profile P wins. A context that signs in otherwise gets a\n"
          "warning and the AWS_PROFILE / default profile is tested.",
          "  # Why can't my SSO profile reach the cluster? (run with an admin context)\n"
          "  kubectl ssomap doctor --profile dev-sso --cluster-name dev\n\n"
          "  # As JSON, for scripts\n"
          "  kubectl ssomap doctor --profile dev-sso -o json | jq .ok",
          Flags,
          Run};
}

}  // namespace ssomap::cli
