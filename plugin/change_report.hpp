#pragma once
/// How `add` and `remove` report a change: the plan's notes and summary on stderr, then what
/// kubectl would print for an apply (or the diff under --dry-run, or the manifest with --local).

#include <string>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/mapping_plan.hpp"

namespace ssomap::cli {

/// --local: the edited manifest `text` on stdout (as JSON with -o json/yaml).
Exit PrintLocal(const std::string& text, const ops::MappingPlan& plan, const GlobalOptions& global,
                Io& io);

/// A live write: `configmap/aws-auth created|configured|unchanged`, or the stored ConfigMap for
/// -o json/yaml (in a List after `extra_objects` when there are some), or the data diff under
/// --dry-run; the backup path and a note on retried conflicts on stderr.
Exit PrintChange(const ops::WriteResult& result, ops::DryRunMode dry_run,
                 const GlobalOptions& global, Io& io, nlohmann::ordered_json extra_objects);

}  // namespace ssomap::cli
