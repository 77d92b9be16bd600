// `kubectl ssomap restore`: list the aws-auth backups of the context, or put one back.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "awsauth/checks.hpp"
#include "awsauth/parse.hpp"
#include "cluster_mode.hpp"
#include "command_args.hpp"
#include "commands_list.hpp"
#include "core/text.hpp"
#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddDryRunFlag(options);
  options.add_options()("force", "Restore even if it drops a node role mapping that is there now");
}

awsauth::Data DataOf(const nlohmann::json& configmap) {
  awsauth::Data data;
  for (const auto& [key, value] : configmap.at("data").items()) {
    if (!value.is_string()) throw Error(fmt::format("backup data key {} is not a string", key));
    data[key] = value.get<std::string>();
  }
  return data;
}

std::size_t MappingCount(const awsauth::Data& data) {
  const auto auth = awsauth::Parse(data);
  return auth.roles.size() + auth.users.size();
}

// Node roles mapped now that the backup does not map: restoring it would take nodes out.
std::vector<std::string> DroppedNodeRoles(const awsauth::Data& now, const awsauth::Data& backup) {
  const auto restored = awsauth::Parse(backup);
  std::vector<std::string> dropped;
  for (const auto& m : awsauth::Parse(now).roles) {
    if (!awsauth::IsNodeRole(m)) continue;
    const long i = awsauth::WinningIndex(restored.roles, m.arn);
    if (i < 0 || !awsauth::IsNodeRole(restored.roles[static_cast<std::size_t>(i)]))
      dropped.push_back(m.arn);
  }
  return dropped;
}

Exit ListBackups(const std::string& context, const ops::BackupStore& store,
                 const GlobalOptions& global, Io& io) {
  const auto backups = store.List(context);
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : backups) {
    std::string mappings = "?";
    try {
      mappings = std::to_string(MappingCount(DataOf(store.Load(context, b.name).second)));
    } catch (const std::exception&) {
      // A damaged file still lists; Load says what is wrong when it is picked.
    }
    items.push_back({{"name", b.name},
                     {"takenAt", b.taken_at},
                     {"resourceVersion", b.resource_version},
                     {"path", b.path.string()}});
    rows.push_back({b.name, b.taken_at, b.resource_version, mappings});
  }
  if (global.output != OutputFormat::kTable) {
    PrintStructured({{"context", context}, {"backups", items}}, global.output, io.out);
  } else if (rows.empty()) {
    fmt::print(io.err, "No aws-auth backups for context {} (in {}).\n", context,
               store.ContextDir(context).string());
  } else {
    PrintTable({"NAME", "TAKEN", "RESOURCE VERSION", "MAPPINGS"}, rows, io.out);
  }
  return Exit::kOk;
}

Exit Run(const Invocation& inv, Io& io) {
  if (inv.args.size() > 1) throw UsageError("restore takes at most one backup name");
  const auto dry_run = ParseDryRun(inv.flags);
  const auto seams = inv.runtime.Write();
  const auto& store = inv.runtime.Backups();
  const auto& context = seams.context;
  if (inv.args.empty()) return ListBackups(context, store, inv.global, io);

  // Not a structured binding: clang 14 cannot capture one in the lambdas below.
  const auto loaded = store.Load(context, inv.args[0]);
  const auto& backup = loaded.first;
  const auto wanted = DataOf(loaded.second);
  const bool force = inv.flags.count("force") > 0;
  const auto planner = [&](const awsauth::Data& current) {
    if (!force) {
      const auto dropped = DroppedNodeRoles(current, wanted);
      if (!dropped.empty()) {
        throw Error(fmt::format("restoring {} would drop the node role mapping of {}", backup.name,
                                text::Join(dropped, ", ")),
                    "nodes would lose access to the cluster; pass --force if that is what you want",
                    Exit::kRefused);
      }
    }
    ops::MappingPlan plan;
    plan.action = current == wanted ? ops::MappingPlan::Action::kUnchanged
                                    : ops::MappingPlan::Action::kRestore;
    plan.data = wanted;
    return plan;
  };
  const auto result = ops::WriteAwsAuth(planner, {.dry_run = dry_run}, seams);
  PrintDataDiff(result.before, result.after, io);
  const auto suffix = dry_run != ops::DryRunMode::kNone ? " (dry run)" : "";
  if (result.before == result.after) {
    fmt::print(io.err, "aws-auth already matches {}\n", backup.name);
  } else {
    fmt::print(io.err, "restored aws-auth from {}{}\n", backup.name, suffix);
  }
  if (result.backup)
    fmt::print(io.err, "backup of the replaced aws-auth: {}\n", result.backup->path.string());
  return Exit::kOk;
}

}  // namespace

Command RestoreCommand() {
  return {
      "restore",
      "List the aws-auth backups of this context, or put one back",
      "restore [NAME|latest] [--dry-run=client|server] [--force]",
      "Every add, remove and restore saves the aws-auth it replaces (mode 0600) under\n"
      "~/.kube/ssomap/backups/<context>/ (or $KUBECTL_SSOMAP_BACKUP_DIR). Without a name, restore "
      "lists\n"
      "them, newest first. With a name (or 'latest') it prints the diff from the live aws-auth and "
      "writes\n"
      "the backup's data with the same safety as add: a backup of the live version first, a write\n"
      "conditioned on the version read, a read-back. A restore that would drop a node role "
      "mapping\n"
      "present now is refused unless --force.",
      "  # The backups of the current context\n"
      "  kubectl ssomap restore\n\n"
      "  # See what putting the newest one back would change, then do it\n"
      "  kubectl ssomap restore latest --dry-run\n"
      "  kubectl ssomap restore latest",
      Flags,
      Run};
}

}  // namespace ssomap::cli
