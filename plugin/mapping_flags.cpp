#include "mapping_flags.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::cli {

void AddIdentityFlags(cxxopts::Options& options) {
  options.add_options()("arn", "The identity to map: any ARN form (an IAM path is removed)",
                        cxxopts::value<std::string>(), "ARN");
}

void AddGrantFlags(cxxopts::Options& options) {
  options.add_options()("admin", "Map to group system:masters (full cluster admin)")(
      "group", "Map to this Kubernetes group (repeatable)",
      cxxopts::value<std::vector<std::string>>(), "GROUP")(
      "view", "Read-only: map to a group bound to a get/list/watch Role (in -n NS) or ClusterRole")(
      "username",
      "Kubernetes username (default: keeps the session name, e.g. sso:<set>:{{SessionName}})",
      cxxopts::value<std::string>(),
      "NAME")("overwrite", "Replace an existing mapping of the same ARN in place");
}

aws::AwsAuthIdentity IdentityFromArn(const std::string& arn, Io& io) {
  auto id = aws::AwsAuthForm(arn);
  if (!id.removed_path.empty()) {
    fmt::print(io.err, "note: using {} — removed the IAM path '{}', which aws-auth never matches\n",
               id.arn, id.removed_path);
  } else if (id.session_name) {
    fmt::print(io.err, "note: using the role ARN {} of the STS session '{}'\n", id.arn,
               *id.session_name);
  }
  return id;
}

void WarnAdmin(Io& io) {
  fmt::print(io.err,
             "warning: --admin grants system:masters, full control of the cluster; "
             "prefer --view or --group for least privilege\n");
}

void ReportPlan(const ops::MappingPlan& plan, bool dry_run, Io& io) {
  for (const auto& n : plan.notes) fmt::print(io.err, "note: {}\n", n);
  const auto suffix = dry_run ? " (dry run)" : "";
  const auto& m = plan.mapping;
  const auto what =
      fmt::format("{} -> username {}, groups [{}]", m.arn, m.username, text::Join(m.groups, ", "));
  switch (plan.action) {
    case ops::MappingPlan::Action::kAdd:
      fmt::print(io.err, "added {}{}\n", what, suffix);
      break;
    case ops::MappingPlan::Action::kReplace:
      fmt::print(io.err, "replaced {}{}\n", what, suffix);
      break;
    case ops::MappingPlan::Action::kRemove:
      fmt::print(io.err, "removed {}{}\n", what, suffix);
      break;
    case ops::MappingPlan::Action::kUnchanged:
      fmt::print(io.err, "unchanged: {} is already mapped that way\n", m.arn);
      break;
    case ops::MappingPlan::Action::kRestore:
      break;
  }
}

}  // namespace ssomap::cli
