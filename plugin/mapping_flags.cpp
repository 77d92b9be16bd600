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

aws::AwsAuthIdentity IdentityFromArn(const cxxopts::ParseResult& flags, Io& io) {
  if (!flags.count("arn"))
    throw UsageError("say which identity: --arn ARN", "or --profile P on a cluster");
  auto id = aws::AwsAuthForm(flags["arn"].as<std::string>());
  if (!id.removed_path.empty()) {
    fmt::print(io.err, "note: using {} — removed the IAM path '{}', which aws-auth never matches\n",
               id.arn, id.removed_path);
  } else if (id.session_name) {
    fmt::print(io.err, "note: using the role ARN {} of the STS session '{}'\n", id.arn,
               *id.session_name);
  }
  return id;
}

ops::Grant GrantFromFlags(const cxxopts::ParseResult& flags, Io& io) {
  const bool admin = flags.count("admin") > 0;
  const bool groups = flags.count("group") > 0;
  const bool view = flags.count("view") > 0;
  if (int(admin) + int(groups) + int(view) != 1) {
    throw UsageError("say what to grant: exactly one of --admin, --view or --group G");
  }
  ops::Grant grant;
  if (admin) {
    grant.groups = {"system:masters"};
    fmt::print(io.err,
               "warning: --admin grants system:masters, full control of the cluster; "
               "prefer --view or --group for least privilege\n");
  }
  if (groups) grant.groups = flags["group"].as<std::vector<std::string>>();
  if (flags.count("username")) {
    grant.username = flags["username"].as<std::string>();
    // An empty value would silently mean the default: say so instead.
    ops::ValidateName("--username", grant.username);
  }
  return grant;
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
  }
}

}  // namespace ssomap::cli
