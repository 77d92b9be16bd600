// `kubectl ssomap restore`: list the aws-auth backups of this cluster, or put one back
// (the use case is ops::Restore; this file parses flags, asks, and prints).
#include <istream>
#include <string>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cluster_mode.hpp"
#include "command_args.hpp"
#include "commands_list.hpp"
#include "core/text.hpp"
#include "ops/restore.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddDryRunFlag(options);
  options.add_options()("force", "Restore even if it drops a node role mapping that is there now")(
      "force-uid-mismatch",
      "Write a backup of another cluster or object onto the live aws-auth: name the live "
      "aws-auth's metadata.uid (or none when it does not exist) to acknowledge it",
      cxxopts::value<std::string>(), "UID")("y,yes", "Do not ask before writing");
}

Exit ListBackups(const ops::BackupStore& store, const ops::BackupListing& listing,
                 const GlobalOptions& global, Io& io) {
  const auto& live_uid = listing.live_uid;
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& [b, status] : listing.backups) {
    const auto& p = b.provenance;
    items.push_back({{"name", b.name},
                     {"takenAt", p.taken_at},
                     {"server", p.cluster.server},
                     {"clusterArn", p.cluster.cluster_arn},
                     {"context", p.cluster.context},
                     {"uid", p.uid},
                     {"resourceVersion", p.resource_version},
                     {"toolVersion", p.tool_version},
                     {"mappings", b.mappings},
                     {"trusted", b.trusted()},
                     {"status", status},
                     {"path", b.path.string()}});
    const auto cluster = p.cluster.cluster_arn.empty() ? p.cluster.server : p.cluster.cluster_arn;
    rows.push_back({b.name, p.taken_at, b.trusted() ? cluster : "?", p.cluster.context, p.uid,
                    p.resource_version, b.trusted() ? std::to_string(b.mappings) : "?", status});
  }
  if (global.output != OutputFormat::kTable) {
    PrintStructured({{"server", store.cluster().server},
                     {"clusterArn", store.cluster().cluster_arn},
                     {"uid", live_uid},
                     {"backups", items}},
                    global.output, io.out);
  } else if (rows.empty()) {
    fmt::print(io.err, "No aws-auth backups of cluster {} (in {}).\n", store.cluster().server,
               store.ClusterDir().string());
  } else {
    fmt::print(io.err, "Backups of cluster {} (live aws-auth uid {}):\n", store.cluster().server,
               live_uid.empty() ? "none" : live_uid);
    PrintTable(
        {"NAME", "TAKEN", "CLUSTER", "CONTEXT", "UID", "RESOURCE VERSION", "MAPPINGS", "STATUS"},
        rows, io.out);
  }
  return Exit::kOk;
}

void PrintGrants(const ops::Grants& g, Io& io) {
  if (g.empty()) {
    fmt::print(io.err, "It grants nothing that is not granted now.\n");
    return;
  }
  if (!g.new_masters.empty())
    fmt::print(io.err, "It grants system:masters (cluster admin) to: {}\n",
               text::Join(g.new_masters, ", "));
  if (!g.new_identities.empty())
    fmt::print(io.err, "It maps identities not mapped now: {}\n",
               text::Join(g.new_identities, ", "));
  if (!g.new_accounts.empty())
    fmt::print(io.err, "It admits every IAM identity of AWS account(s): {}\n",
               text::Join(g.new_accounts, ", "));
}

void Show(const ops::RestorePlan& plan, Io& io) {
  const auto& p = plan.backup.provenance;
  fmt::print(
      io.err, "backup {}: taken {} on {} (context {}), ConfigMap uid {} resourceVersion {}\n",
      plan.backup.name, p.taken_at, p.cluster.server, p.cluster.context, p.uid, p.resource_version);
  for (const auto& m : plan.mismatches) fmt::print(io.err, "warning: {}\n", m);
  PrintDataDiff(plan.live, plan.wanted, io);
  PrintGrants(plan.grants, io);
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseRestoreArgs(inv.flags, inv.args);
  auto& runtime = inv.runtime;
  const auto& store = runtime.Backups();  // connects first
  if (!args.name) {
    return ListBackups(store, ops::ListBackups(store, runtime.Client(), SystemClock()()),
                       inv.global, io);
  }
  const ops::RestoreRequest request{*args.name, args.dry_run, args.force, args.accept_uid,
                                    args.yes};
  bool shown = false;
  const auto ask = [&](const ops::RestorePlan& plan) {
    Show(plan, io);
    shown = true;
    fmt::print(io.err,
               "Write this to aws-auth of {}? Only 'yes' is accepted: ", store.cluster().server);
    io.err.flush();
    std::string answer;
    return static_cast<bool>(std::getline(io.in, answer)) && text::Trim(answer) == "yes";
  };
  const auto result = ops::Restore(request, runtime.Restore(ask));
  if (!shown) Show(result.plan, io);
  const auto& name = result.plan.backup.name;
  if (result.unchanged) {
    fmt::print(io.err, "aws-auth already matches {}\n", name);
  } else {
    fmt::print(io.err, "restored aws-auth from {}{}\n", name,
               request.dry_run != ops::DryRunMode::kNone ? " (dry run)" : "");
  }
  if (result.write.backup)
    fmt::print(io.err, "backup of the replaced aws-auth: {}\n", result.write.backup->path.string());
  return Exit::kOk;
}

}  // namespace

Command RestoreCommand() {
  return {"restore",
          "List the aws-auth backups of this cluster, or put one back",
          "restore [NAME|latest] [--dry-run=client|server] [--yes] [--force] "
          "[--force-uid-mismatch=UID]",
          "Every add, remove and restore saves the aws-auth it replaces (0600, in 0700 "
          "directories)\n"
          "under ~/.kube/ssomap/backups/clusters/<cluster>/ (or $KUBECTL_SSOMAP_BACKUP_DIR), keyed "
          "by\n"
          "the cluster's API server URL and recording the ConfigMap's uid, never by context name. "
          "Each\n"
          "backup carries its provenance and an HMAC under a key kept 0600 in the backup "
          "directory;\n"
          "a file that does not verify is listed as untrusted and never restored. The newest\n"
          "$KUBECTL_SSOMAP_BACKUP_KEEP (default 50) per cluster are kept, and the oldest of each "
          "day.\n\n"
          "Without a name, restore lists this cluster's backups. With a name (or 'latest': the "
          "newest\n"
          "trusted one not dated in the future) it shows the diff from the live aws-auth and what "
          "it\n"
          "grants (new system:masters, new identities, new accounts), asks (or needs --yes), and "
          "writes\n"
          "with the same safety as add. It refuses (exit 3) a backup of another cluster or of "
          "another\n"
          "aws-auth object (deleted and created again) unless --force-uid-mismatch names the live\n"
          "aws-auth's uid, and one that would drop a node role mapping unless --force.",
          "  # This cluster's backups, where each came from\n"
          "  kubectl ssomap restore\n\n"
          "  # See what putting the newest one back would change, then do it\n"
          "  kubectl ssomap restore latest --dry-run\n"
          "  kubectl ssomap restore latest",
          Flags,
          Run};
}

}  // namespace ssomap::cli
