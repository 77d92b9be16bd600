// `kubectl ssomap list`: every mapping in aws-auth, with problems flagged.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "awsauth/parse.hpp"
#include "cluster_mode.hpp"
#include "commands_list.hpp"
#include "eks_access.hpp"
#include "local_mode.hpp"
#include "ops/list_report.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddLocalFlags(options);
  AddClusterFlags(options);
}

Exit Print(const awsauth::AwsAuth& auth, const ops::LineMapper& lines,
           const ops::GlobalOptions& global, Io& io) {
  const auto report = ops::MakeListReport(auth, lines);
  if (global.output != ops::OutputFormat::kTable) {
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
  if (!inv.args.empty())
    throw UsageError(fmt::format("list takes no arguments, got \"{}\"", inv.args[0]));
  if (IsLocal(inv.flags)) {
    const auto manifest = ReadManifest(inv.flags, io);
    const auto file_lines = [&](const std::string& key, std::size_t line) {
      auto file_line = awsauth::FileLine(manifest, key, line);
      return file_line ? file_line : line;
    };
    return Print(awsauth::Parse(manifest.data), file_lines, inv.global, io);
  }
  const auto session = OpenCluster(inv, io);
  const auto read = ops::ReadAwsAuth(session->client());
  if (const auto eks = EksAccess::Open(inv, io, *session, inv.flags.count("cluster-name") > 0))
    return PrintWithAccessEntries(*eks, awsauth::Parse(read.data()), inv.global, io);
  if (!read.configmap) {
    fmt::print(
        io.err,
        "note: context {} has no ConfigMap kube-system/aws-auth (a cluster in API mode uses access "
        "entries only)\n",
        session->context().name);
  }
  return Print(
      awsauth::Parse(read.data()), [](const std::string&, std::size_t line) { return line; },
      inv.global, io);
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
