// `kubectl ssomap list`: every mapping in aws-auth, with problems flagged.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "command_args.hpp"
#include "commands_list.hpp"
#include "local_mode.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/list_report.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) { AddLocalFlags(options); }

Exit Print(const awsauth::Data& data, const ops::LineMapper& lines, const GlobalOptions& global,
           Io& io) {
  const auto decoded = ops::ReportOf(data, lines);
  const auto& report = decoded->report;
  const auto& auth = decoded->auth;
  if (global.output != OutputFormat::kTable) {
    PrintStructured(ops::ListJson(report), global.output, io.out);
    return Exit::kOk;
  }
  if (report.mappings.empty() && auth.accounts.empty()) {
    fmt::print(io.err, "No mappings found in aws-auth.\n");
  } else {
    PrintTable(ops::ListHeaders(), ops::ListRows(report), io.out);
  }
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
  if (!read.configmap) {
    fmt::print(
        io.err,
        "note: context {} has no ConfigMap kube-system/aws-auth (a cluster in API mode uses access "
        "entries only)\n",
        inv.runtime.ContextName());
  }
  return Print(
      read.data(), [](const std::string&, std::size_t line) { return line; }, inv.global, io);
}

}  // namespace

Command ListCommand() {
  return {
      "list",
      "List the identity mappings in aws-auth, with problems flagged",
      "list [-f FILE --local] [-o table|json|yaml]",
      "Shows every mapRoles and mapUsers entry and mapAccounts, decoded as aws-iam-authenticator "
      "decodes\n"
      "them, with problems: arn-has-path (can never match), duplicate-arn (which entry wins),\n"
      "node-role, system-masters, unknown-template, invalid-entry; and keys whose YAML does not "
      "parse.\n"
      "It reads kube-system/aws-auth of the current context (lines count within each key's value), "
      "or\n"
      "with -f FILE --local a ConfigMap manifest instead of the cluster (lines are file lines).",
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
