// `kubectl ssomap add`: map one identity in aws-auth, on a live cluster (DESIGN.md §4, through
// ops::Add) or in a manifest file with -f FILE --local.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "change_report.hpp"
#include "cluster_mode.hpp"
#include "command_args.hpp"
#include "commands_list.hpp"
#include "eks_access.hpp"
#include "local_mode.hpp"
#include "mapping_flags.hpp"
#include "ops/change.hpp"
#include "ops/view_access.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  AddIdentityFlags(options);
  AddAccessEntryFlags(options);
  AddGrantFlags(options);
  AddDryRunFlag(options);
  AddLocalFlags(options);
  options.add_options()("A,all-namespaces",
                        "With --view: read in every namespace (a ClusterRoleBinding to ClusterRole "
                        "view) instead of one");
}

std::string RbacLine(const char* kind, const std::string& ns, const std::string& name,
                     const kube::EnsureResult& r, bool dry_run) {
  const auto where = ns.empty() ? std::string() : fmt::format(" in namespace {}", ns);
  const auto state =
      r.created ? "created"
                : (r.matches ? "unchanged" : "exists with another role or subjects, left as it is");
  return fmt::format("{}/{} {}{}{}", kind, name, state, where, dry_run ? " (dry run)" : "");
}

// What --view did about its binding to the `view` ClusterRole, as kubectl reports an apply; the
// binding joins the -o output.
void ReportView(const ops::ViewOutcome& view, const Invocation& inv, Io& io,
                nlohmann::ordered_json& extra) {
  const auto& access = view.access;
  const bool cluster = access.ns.empty();
  const auto kind = cluster ? "clusterrolebinding.rbac.authorization.k8s.io"
                            : "rolebinding.rbac.authorization.k8s.io";
  if (!view.ensured) {
    fmt::print(io.err, "would ensure {}/{}{} of ClusterRole {} to group {} (dry run)\n", kind,
               access.binding, cluster ? "" : " in namespace " + access.ns, access.role,
               access.group);
    return;
  }
  const bool dry = view.dry_run == kube::DryRun::kAll;
  const bool quiet = inv.global.output != OutputFormat::kTable || dry;
  auto& stream = quiet ? io.err : io.out;
  fmt::print(stream, "{}\n", RbacLine(kind, access.ns, access.binding, view.result.binding, dry));
  if (!view.result.binding.matches) {
    fmt::print(io.err,
               "warning: the existing {} does not bind ClusterRole {} to group {}; check it with "
               "kubectl describe\n",
               access.binding, access.role, access.group);
  }
  extra.push_back(nlohmann::ordered_json(view.result.binding.object));
}

// Where --view grants read: -A/--all-namespaces cluster-wide (asked for explicitly), else -n NS,
// else the context's namespace (kubectl's rule; "default" when it names none).
std::string ViewNamespace(const AddArgs& args, const Invocation& inv) {
  if (args.all_namespaces) return {};
  if (!inv.global.namespace_.empty()) return inv.global.namespace_;
  return inv.runtime.Namespace();
}

// The identity to map: the permission set's role, --arn, or --profile's caller (asked of STS).
aws::AwsAuthIdentity IdentityOf(const AddArgs& args, const std::string& given_arn,
                                const Invocation& inv, Io& io) {
  if (args.permission_set) return aws::AwsAuthForm(given_arn);
  if (args.local_file) return IdentityFromArn(*args.arn, io);
  return ResolveIdentity(args.arn, inv, io);
}

Exit Run(const Invocation& inv, Io& io) {
  const auto args = ParseAddArgs(inv.flags, inv.args, inv.global);
  if (args.admin) WarnAdmin(io);
  if (args.local_file) {
    const auto given_arn = args.permission_set
                               ? PermissionSetRoleArn(inv, io, *args.permission_set, args.account,
                                                      args.cluster.admin_profile)
                               : *args.arn;
    const auto identity = IdentityOf(args, given_arn, inv, io);
    const auto manifest = ReadManifest(*args.local_file, io);
    const auto plan =
        ops::PlanAdd(manifest.data, identity, args.grant, args.overwrite, FileLines(manifest));
    return PrintLocal(RenderEdited(manifest, plan.data), plan, inv.global, io);
  }
  auto& runtime = inv.runtime;
  const auto seams = runtime.Write();  // connects first: a bad context fails before STS
  const auto eks =
      OpenEks(inv, args.cluster, io,
              args.mode == ops::AddMode::kApi || !args.cluster.cluster_name.empty(), true);
  const auto given_arn = args.permission_set
                             ? PermissionSetRoleArn(inv, io, *args.permission_set, args.account,
                                                    args.cluster.admin_profile)
                             : args.arn.value_or("");
  const auto identity = IdentityOf(args, given_arn, inv, io);
  if (eks && ops::ChooseMechanism(args.mode, eks->mode()) == ops::Mechanism::kAccessEntry) {
    ops::EntryAddRequest request{identity,
                                 given_arn,
                                 inv.global.profile,
                                 args.grant,
                                 std::nullopt,
                                 args.overwrite,
                                 args.dry_run != ops::DryRunMode::kNone};
    if (args.view) request.view_namespace = ViewNamespace(args, inv);
    return PrintEntryAdd(ops::AddThroughAccessEntry(request, *eks), identity, request.dry_run, io);
  }
  ops::AddRequest request{identity, args.grant, std::nullopt, args.overwrite, args.dry_run};
  if (args.view) request.view = ops::ViewAccessFor(ViewNamespace(args, inv));
  const auto result = ops::Add(request, seams);
  nlohmann::ordered_json extra = nlohmann::ordered_json::array();
  if (result.view) ReportView(*result.view, inv, io, extra);
  return PrintChange(result.write, args.dry_run, inv.global, io, std::move(extra));
}

}  // namespace

Command AddCommand() {
  return {
      "add",
      "Map an identity into aws-auth (--admin, --view or --group)",
      "add (--profile P | --arn ARN) (--admin | --view [-n NS | -A] | --group G...) [--username U] "
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
      "existing one, unless --overwrite. --view maps to group ssomap:view:<NS> and binds it, with\n"
      "RoleBinding ssomap-view in NS, to Kubernetes' built-in read-only ClusterRole view (apps,\n"
      "batch, networking… never Secrets). NS is -n NS, else the context's namespace. Cluster-wide\n"
      "read must be asked for: --view -A binds group ssomap:view with ClusterRoleBinding\n"
      "ssomap-view.\n"
      "\n"
      "EKS authentication modes: when the context's exec names the EKS cluster (or with\n"
      "--cluster-name), DescribeCluster gives the mode. --mode auto (default) creates an access\n"
      "entry on API and API_AND_CONFIG_MAP clusters (principal ARN with its IAM path, from IAM\n"
      "GetRole; --admin = AmazonEKSClusterAdminPolicy, --view = AmazonEKSViewPolicy scoped to -n "
      "NS)\n"
      "and writes aws-auth on CONFIG_MAP clusters; --mode configmap is refused on API clusters,\n"
      "which ignore aws-auth. The EKS and IAM calls use --admin-profile, else the context's exec\n"
      "profile, AWS_PROFILE, default. --permission-set NAME [--account ID] maps the role\n"
      "AWSReservedSSO_<NAME>_<hex> found with IAM ListRoles.",
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
      Flags,
      Run};
}

}  // namespace ssomap::cli
