// `kubectl ssomap list`: every mapping in aws-auth, with problems flagged.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "command_args.hpp"
#include "commands_list.hpp"
#include "eks_access.hpp"
#include "local_mode.hpp"
#include "ops/access_list.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/list_report.hpp"
#include "ops/stale_roles.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddLocalFlags(options);
  AddClusterFlags(options);
  options.add_options()("check-iam",
                        "Ask IAM (ListRoles, administrator's credentials) whether each mapped IAM "
                        "Identity Center role still exists: stale-role names its replacement");
}

// --check-iam: the stale-role problems of `arns`, the ARNs IAM could not be asked about on stderr.
std::vector<ops::MechanismProblem> CheckIam(const Invocation& inv, const std::string& admin_profile,
                                            const std::vector<std::string>& arns, Io& io) {
  const auto roles = ops::ListSsoRoles(
      {admin_profile, "", inv.global.region, inv.global.request_timeout}, inv.runtime.Whoami());
  fmt::print(io.err, "IAM: {} IAM Identity Center roles in account {} (profile {})\n",
             roles.roles.size(), roles.account, roles.profile);
  std::vector<std::string> unchecked;
  auto problems = ops::StaleRoles(arns, roles, unchecked);
  for (const auto& arn : unchecked)
    fmt::print(io.err, "note: not checked against IAM (another account than {}): {}\n",
               roles.account, arn);
  return problems;
}

Exit Print(const awsauth::Data& data, const ops::LineMapper& lines, const GlobalOptions& global,
           Io& io, const std::vector<ops::MechanismProblem>& extra = {}) {
  const auto decoded = ops::ReportOf(data, lines);
  const auto& report = decoded->report;
  const auto& auth = decoded->auth;
  if (global.output != OutputFormat::kTable) {
    auto json = ops::ListJson(report);
    ops::AddProblemObjects(json["mappings"], "arn", extra);
    PrintStructured(json, global.output, io.out);
    return Exit::kOk;
  }
  if (report.mappings.empty() && auth.accounts.empty()) {
    fmt::print(io.err, "No mappings found in aws-auth.\n");
  } else {
    auto rows = ops::ListRows(report);
    ops::AddProblemCodes(rows, extra);
    PrintTable(ops::ListHeaders(), rows, io.out);
  }
  for (const auto& p : extra) fmt::print(io.err, "{}: {}: {}\n", p.code, p.arn, p.message);
  for (std::size_t i = 0; i < auth.errors.size(); ++i) {
    const auto& e = auth.errors[i];
    fmt::print(io.err, "warning: {} (line {}): {}; the authenticator ignores every entry of {}\n",
               e.key, report.error_lines[i], e.message, e.key);
  }
  return Exit::kOk;
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseListArgs(inv.flags, inv.args);
  if (args.local_file) {
    const auto manifest = ReadManifest(*args.local_file, io);
    return Print(manifest.data, FileLines(manifest), inv.global, io);
  }
  const auto read = ops::ReadAwsAuth(inv.runtime.Client());
  if (const auto eks = OpenEks(inv, args.cluster, io, !args.cluster.cluster_name.empty(), true)) {
    auto listing = ops::ListWithAccessEntries(read.data(), *eks);
    if (args.check_iam) {
      auto arns = ops::MappedArns(listing.decoded->auth);
      for (const auto& e : listing.entries) arns.push_back(e.entry.principal_arn);
      auto stale = CheckIam(inv, eks->admin().name, arns, io);
      listing.problems.insert(listing.problems.end(), stale.begin(), stale.end());
    }
    return PrintWithAccessEntries(listing, inv.global, io);
  }
  if (!read.configmap) {
    fmt::print(
        io.err,
        "note: context {} has no ConfigMap kube-system/aws-auth (a cluster in API mode uses access "
        "entries only)\n",
        inv.runtime.ContextName());
  }
  std::vector<ops::MechanismProblem> stale;
  if (args.check_iam)
    stale = CheckIam(inv, args.cluster.admin_profile, ops::MappedArns(read.data()), io);
  return Print(
      read.data(), [](const std::string&, std::size_t line) { return line; }, inv.global, io,
      stale);
}

}  // namespace

Command ListCommand() {
  return {
      "list",
      "List the identity mappings in aws-auth, with problems flagged",
      "list [-f FILE --local] [--check-iam] [--cluster-name NAME] [--admin-profile P] "
      "[-o table|json|yaml]",
      "Shows every mapRoles and mapUsers entry and mapAccounts, decoded as aws-iam-authenticator "
      "decodes\n"
      "them, with problems: arn-has-path (can never match), duplicate-arn (which entry wins),\n"
      "node-role, system-masters, unknown-template, invalid-entry; and keys whose YAML does not "
      "parse.\n"
      "It reads kube-system/aws-auth of the current context (lines count within each key's value), "
      "or\n"
      "with -f FILE --local a ConfigMap manifest instead of the cluster (lines are file lines).\n"
      "On an EKS cluster (its exec names it, or --cluster-name) the access entries join the "
      "table\n"
      "(SOURCE accessEntry, POLICIES), with the cluster's authentication mode and the problems\n"
      "shadowed (an access entry wins over the aws-auth entry) and ignored (aws-auth on an API\n"
      "cluster). --check-iam asks IAM (ListRoles under /aws-reserved/sso.amazonaws.com/, with "
      "the\n"
      "administrator's profile) whether each mapped IAM Identity Center role of its account "
      "still\n"
      "exists: stale-role names the role that replaced it (a re-provisioned permission set).",
      "  # The mappings of the current cluster\n"
      "  kubectl ssomap list\n\n"
      "  # Check an aws-auth manifest in a GitOps repository\n"
      "  kubectl ssomap list -f aws-auth.yaml --local\n\n"
      "  # The same as JSON, for scripts\n"
      "  kubectl ssomap list -f aws-auth.yaml --local -o json",
      Flags,
      Run};
}

}  // namespace ssomap::cli
