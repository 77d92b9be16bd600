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
  if (result.attempts > 1) {
    fmt::print(io.err,
               "note: aws-auth changed while we wrote it; applied on the latest version after {} "
               "attempts\n",
               result.attempts);
  }
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
