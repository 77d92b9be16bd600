#include "change_report.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cluster_mode.hpp"
#include "mapping_flags.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

const char* Verb(ops::MappingPlan::Action action, bool created) {
  switch (action) {
    case ops::MappingPlan::Action::kUnchanged:
      return "unchanged";
    case ops::MappingPlan::Action::kAdd:
      return created ? "created" : "configured";
    case ops::MappingPlan::Action::kReplace:
    case ops::MappingPlan::Action::kRemove:
    case ops::MappingPlan::Action::kRestore:
      return "configured";
  }
  return "configured";
}

// What conflicts and lost replies came to: never "unchanged" beside "applied after N attempts".
void PrintRetryNotes(const ops::WriteResult& result, Io& io) {
  const bool unchanged = result.plan.action == ops::MappingPlan::Action::kUnchanged;
  if (result.confirmed_by_reread) {
    fmt::print(io.err,
               "note: the reply to the write was lost ({}); reading aws-auth again confirmed "
               "that the change was applied\n",
               result.last_lost);
  } else if (result.lost_replies > 0 && !unchanged) {
    fmt::print(io.err,
               "note: {} {} of aws-auth got no answer (last: {}); reading it again showed {} not "
               "applied, so it was written again\n",
               result.lost_replies, result.lost_replies == 1 ? "write" : "writes", result.last_lost,
               result.lost_replies == 1 ? "it" : "them");
  }
  if (result.conflicts > 0 && unchanged) {
    fmt::print(io.err,
               "note: aws-auth changed while we wrote it; the latest version already holds the "
               "change, so nothing was written\n");
  } else if (result.conflicts > 0 && !result.confirmed_by_reread) {
    fmt::print(io.err,
               "note: aws-auth changed while we wrote it; applied on the latest version after {} "
               "attempts\n",
               result.attempts);
  }
}

}  // namespace

Exit PrintLocal(const std::string& text, const ops::MappingPlan& plan, const GlobalOptions& global,
                Io& io) {
  ReportPlan(plan, false, io);
  if (global.output == OutputFormat::kJson) {
    PrintStructured(YamlTextToJson(text), global.output, io.out);
  } else {
    io.out << text;
  }
  return Exit::kOk;
}

Exit PrintChange(const ops::WriteResult& result, ops::DryRunMode dry_run,
                 const GlobalOptions& global, Io& io, nlohmann::ordered_json extra_objects) {
  const bool is_dry = dry_run != ops::DryRunMode::kNone;
  ReportPlan(result.plan, is_dry, io);
  if (result.backup)
    fmt::print(io.err, "backup of the previous aws-auth: {}\n", result.backup->path.string());
  PrintRetryNotes(result, io);
  if (is_dry) {
    PrintDataDiff(result.before, result.after, io);
    return Exit::kOk;
  }
  if (global.output != OutputFormat::kTable) {
    nlohmann::ordered_json cm =
        result.stored ? nlohmann::ordered_json(kube::ConfigMapObject(*result.stored)) : nullptr;
    if (extra_objects.empty()) {
      PrintStructured(cm, global.output, io.out);
    } else {
      extra_objects.push_back(cm);
      PrintStructured({{"apiVersion", "v1"}, {"kind", "List"}, {"items", extra_objects}},
                      global.output, io.out);
    }
  } else {
    fmt::print(io.out, "configmap/aws-auth {}\n", Verb(result.plan.action, result.created));
  }
  return Exit::kOk;
}

}  // namespace ssomap::cli
