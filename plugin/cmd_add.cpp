// `kubectl ssomap add` and `kubectl ssomap remove`: change one mapping in aws-auth, on a live
// cluster (DESIGN.md §4) or in a manifest file with -f FILE --local.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "awsauth/checks.hpp"
#include "awsauth/manifest.hpp"
#include "awsauth/parse.hpp"
#include "cluster_mode.hpp"
#include "commands_list.hpp"
#include "core/text.hpp"
#include "local_mode.hpp"
#include "mapping_flags.hpp"
#include "ops/view_access.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

void AddFlags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddGrantFlags(options);
  AddDryRunFlag(options);
  AddLocalFlags(options);
}

void RemoveFlags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddDryRunFlag(options);
  AddLocalFlags(options);
}

// Local mode prints the edited manifest: every byte outside the changed entry as it was.
Exit PrintLocal(const awsauth::Manifest& manifest, const ops::MappingPlan& plan,
                const ops::GlobalOptions& global, Io& io) {
  const auto text = awsauth::RenderManifest(manifest, plan.data);
  ReportPlan(plan, false, io);
  if (global.output == ops::OutputFormat::kJson) {
    PrintStructured(YamlTextToJson(text), global.output, io.out);
  } else {
    io.out << text;
  }
  return Exit::kOk;
}

const char* Verb(ops::MappingPlan::Action action, bool created) {
  switch (action) {
    case ops::MappingPlan::Action::kUnchanged:
      return "unchanged";
    case ops::MappingPlan::Action::kAdd:
      return created ? "created" : "configured";
    case ops::MappingPlan::Action::kReplace:
    case ops::MappingPlan::Action::kRemove:
      return "configured";
  }
  return "configured";
}

std::string RbacLine(const char* kind, const std::string& ns, const std::string& name,
                     const kube::EnsureResult& r, bool dry_run) {
  const auto where = ns.empty() ? std::string() : fmt::format(" in namespace {}", ns);
  const auto state =
      r.created ? "created" : (r.matches ? "unchanged" : "exists with other rules, left as it is");
  return fmt::format("{}/{} {}{}{}", kind, name, state, where, dry_run ? " (dry run)" : "");
}

// Runs the live write for `plan_fn`, then reports it the way kubectl reports an apply.
Exit WriteLive(const Invocation& inv, Io& io, kube::Session& session,
               const std::function<const ops::MappingPlan&(const awsauth::Data&)>& plan_fn,
               const ops::Confirmer& confirm, nlohmann::ordered_json extra_objects) {
  const auto dry_run = DryRunFrom(inv.flags);
  const ops::MappingPlan* last = nullptr;  // held by plan_fn's owner
  const auto planner = [&](const awsauth::Data& data) {
    last = &plan_fn(data);
    return ops::PlannedData{last->data, last->action == ops::MappingPlan::Action::kUnchanged};
  };
  const auto backups = Backups(session);
  const auto result =
      ops::WriteAwsAuth(planner, confirm, {.dry_run = dry_run}, WriteSeamsFor(session, backups));
  const bool is_dry = dry_run != ops::DryRunMode::kNone;
  ReportPlan(*last, is_dry, io);
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
  if (inv.global.output != ops::OutputFormat::kTable) {
    nlohmann::ordered_json cm =
        result.stored ? nlohmann::ordered_json(kube::ConfigMapObject(*result.stored)) : nullptr;
    if (extra_objects.empty()) {
      PrintStructured(cm, inv.global.output, io.out);
    } else {
      extra_objects.push_back(cm);
      PrintStructured({{"apiVersion", "v1"}, {"kind", "List"}, {"items", extra_objects}},
                      inv.global.output, io.out);
    }
  } else {
    fmt::print(io.out, "configmap/aws-auth {}\n", Verb(last->action, result.created));
  }
  return Exit::kOk;
}

// The mapping of `id` as planned is what the authenticator uses now.
ops::Confirmer ConfirmMapped(const aws::AwsAuthIdentity& id,
                             const std::function<const ops::MappingPlan&()>& plan) {
  return [id, plan](const awsauth::Data& stored) {
    // What was written was parsed and verified before writing; the same bytes need no second look.
    if (stored == plan().data) return;
    const auto& want = plan().mapping;
    const auto auth = awsauth::Parse(stored);
    const auto& list = auth.List(plan().source);
    const long winner = awsauth::WinningIndex(list, id.arn);
    if (winner < 0) throw Error(fmt::format("{} is not mapped", id.arn));
    const auto& got = list[static_cast<std::size_t>(winner)];
    if (got.username != want.username || got.groups != want.groups) {
      throw Error(fmt::format("{} maps to username {}, groups [{}]", id.arn, got.username,
                              text::Join(got.groups, ", ")));
    }
  };
}

Exit RunAdd(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("add takes no arguments, got \"{}\"", inv.args[0]));
  const bool overwrite = inv.flags.count("overwrite") > 0;
  if (IsLocal(inv.flags)) {
    if (inv.flags.count("view")) {
      throw UsageError(
          "--view needs a cluster: it also creates a Role and RoleBinding",
          "with --local, map to a group with --group G and create its RBAC objects yourself");
    }
    if (inv.flags.count("dry-run"))
      throw UsageError("--dry-run has no meaning with --local: nothing is written");
    const auto grant = GrantFromFlags(inv.flags, io);
    const auto identity = IdentityFromArn(inv.flags, io);
    const auto manifest = ReadManifest(inv.flags, io);
    const auto plan = ops::PlanAdd(manifest.data, identity, grant, overwrite);
    return PrintLocal(manifest, plan, inv.global, io);
  }

  auto grant = GrantFromFlags(inv.flags, io);
  const auto dry_run = DryRunFrom(inv.flags);  // a bad value fails before any request
  const auto session = OpenCluster(inv, io);
  const auto identity = IdentityFromFlags(inv, io);
  nlohmann::ordered_json extra = nlohmann::ordered_json::array();
  if (inv.flags.count("view")) {
    const auto access = ops::ViewAccessFor(inv.global.namespace_);
    grant.groups = {access.group};
    // Validate the whole mapping before creating anything in the cluster.
    (void)ops::PlanAdd(ops::ReadAwsAuth(session->client()).data(), identity, grant, overwrite);
    if (dry_run == ops::DryRunMode::kClient) {
      fmt::print(io.err, "would ensure {} {} and its binding to group {} (dry run)\n",
                 access.ns.empty() ? "ClusterRole" : "Role", access.role, access.group);
    } else {
      const auto rbac_dry =
          dry_run == ops::DryRunMode::kServer ? kube::DryRun::kAll : kube::DryRun::kNone;
      const auto view = ops::EnsureViewAccess(session->client(), access, rbac_dry);
      const bool cluster = access.ns.empty();
      const bool quiet =
          inv.global.output != ops::OutputFormat::kTable || dry_run != ops::DryRunMode::kNone;
      auto& stream = quiet ? io.err : io.out;
      fmt::print(stream, "{}\n",
                 RbacLine(cluster ? "clusterrole.rbac.authorization.k8s.io"
                                  : "role.rbac.authorization.k8s.io",
                          access.ns, access.role, view.role, rbac_dry == kube::DryRun::kAll));
      fmt::print(stream, "{}\n",
                 RbacLine(cluster ? "clusterrolebinding.rbac.authorization.k8s.io"
                                  : "rolebinding.rbac.authorization.k8s.io",
                          access.ns, access.binding, view.binding, rbac_dry == kube::DryRun::kAll));
      if (!view.role.matches || !view.binding.matches) {
        fmt::print(io.err,
                   "warning: the existing {} does not grant exactly get/list/watch to group {}; "
                   "check it with kubectl describe\n",
                   access.role, access.group);
      }
      extra.push_back(nlohmann::ordered_json(view.role.object));
      extra.push_back(nlohmann::ordered_json(view.binding.object));
    }
  }
  std::optional<ops::MappingPlan> plan;
  return WriteLive(
      inv, io, *session,
      [&](const awsauth::Data& data) -> const ops::MappingPlan& {
        plan = ops::PlanAdd(data, identity, grant, overwrite);
        return *plan;
      },
      ConfirmMapped(identity, [&]() -> const ops::MappingPlan& { return *plan; }), extra);
}

Exit RunRemove(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("remove takes no arguments, got \"{}\"", inv.args[0]));
  if (IsLocal(inv.flags)) {
    if (inv.flags.count("dry-run"))
      throw UsageError("--dry-run has no meaning with --local: nothing is written");
    const auto identity = IdentityFromArn(inv.flags, io);
    const auto manifest = ReadManifest(inv.flags, io);
    const auto plan = ops::PlanRemove(manifest.data, identity, inv.flags["arn"].as<std::string>());
    return PrintLocal(manifest, plan, inv.global, io);
  }
  (void)DryRunFrom(inv.flags);
  const auto session = OpenCluster(inv, io);
  const auto identity = IdentityFromFlags(inv, io);
  const std::string as_written =
      inv.flags.count("arn") ? inv.flags["arn"].as<std::string>() : std::string();
  std::optional<ops::MappingPlan> plan;
  // Entries for the removed ARN: as many in what is stored as the plan left.
  const auto count = [&](const awsauth::Data& data) {
    const auto auth = awsauth::Parse(data);
    const auto& list = auth.List(plan->source);
    return std::count_if(list.begin(), list.end(), [&](const awsauth::Mapping& m) {
      return text::EqualsIgnoreCase(m.arn, plan->mapping.arn);
    });
  };
  return WriteLive(
      inv, io, *session,
      [&](const awsauth::Data& data) -> const ops::MappingPlan& {
        plan = ops::PlanRemove(data, identity, as_written);
        return *plan;
      },
      [&](const awsauth::Data& stored) {
        if (stored == plan->data) return;  // the bytes written, verified before writing
        if (count(stored) != count(plan->data))
          throw Error(fmt::format("{} is still mapped", plan->mapping.arn));
      },
      nlohmann::ordered_json::array());
}

}  // namespace

Command AddCommand() {
  return {
      "add",
      "Map an identity into aws-auth (--admin, --view or --group)",
      "add (--profile P | --arn ARN) (--admin | --view [-n NS] | --group G...) [--username U] "
      "[--overwrite] "
      "[--dry-run=client|server]",
      "Adds one mapRoles (or mapUsers) entry for the identity's aws-auth ARN: the role ARN without "
      "its\n"
      "IAM path, which is what aws-iam-authenticator compares. --profile asks STS who the profile "
      "is\n"
      "(IAM Identity Center sign-in included); --arn takes any ARN form. Every other entry, "
      "comment and\n"
      "data key stays byte-identical; the result is parsed again and checked, a backup (0600) is "
      "saved\n"
      "under ~/.kube/ssomap/backups/clusters/<cluster>/, and the write is conditioned on the "
      "version read, "
      "so\n"
      "concurrent edits are never lost. A second mapping for the same ARN is refused, showing the\n"
      "existing one, unless --overwrite. --view also creates, if missing, Role ssomap-view (get, "
      "list,\n"
      "watch on the core resources but Secrets) and RoleBinding ssomap-view to group "
      "ssomap:view:<NS>\n"
      "in -n NS, or ClusterRole/ClusterRoleBinding ssomap-view to group ssomap:view without -n.",
      "  # Make an IAM Identity Center user of profile test-profile a cluster admin\n"
      "  kubectl ssomap add --profile test-profile --admin\n\n"
      "  # Read-only access to namespace dev for the role of profile dev-sso\n"
      "  kubectl ssomap add --profile dev-sso --view -n dev\n\n"
      "  # The path-ful ARN from the IAM console works too (the path is removed)\n"
      "  kubectl ssomap add --group dev --arn "
      "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/"
      "us-east-2/AWSReservedSSO_Dev_05a3861234567890\n\n"
      "  # See the change without writing it\n"
      "  kubectl ssomap add --profile test-profile --admin --dry-run=server\n\n"
      "  # Edit a manifest file in a GitOps repository\n"
      "  kubectl ssomap add -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev "
      "--group dev",
      AddFlags,
      RunAdd};
}

Command RemoveCommand() {
  return {
      "remove",
      "Remove the mapping of an identity from aws-auth",
      "remove (--profile P | --arn ARN) [--dry-run=client|server]",
      "Removes the entry the authenticator uses for the identity's aws-auth ARN, with the same "
      "safety as\n"
      "add (minimal edit, re-parse check, backup, conditional write, read-back). Node role "
      "mappings are\n"
      "never removed.",
      "  kubectl ssomap remove --profile dev-sso\n"
      "  kubectl ssomap remove --arn arn:aws:iam::123456789999:role/Dev --dry-run\n"
      "  kubectl ssomap remove -f aws-auth.yaml --local --arn arn:aws:iam::123456789999:role/Dev",
      RemoveFlags,
      RunRemove};
}

}  // namespace ssomap::cli
