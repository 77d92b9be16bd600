// The command layer of access entries: flags, the cluster opened through the runtime, printing.
#include "eks_access.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>

#include "printers.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void PrintSteps(const std::vector<ops::EksStep>& steps, Io& io) {
  for (const auto& step : steps) fmt::print(io.err, "{}\n", step.Line());
}

void NotePrincipal(const std::string& principal, const aws::AwsAuthIdentity& identity, Io& io) {
  if (principal != identity.arn) fmt::print(io.err, "note: the access entry names {}\n", principal);
}

}  // namespace

void AddAccessEntryFlags(cxxopts::Options& options) {
  AddClusterFlags(options);
  options.add_options()(
      "mode",
      "Where to map: auto (access entry on API and API_AND_CONFIG_MAP clusters, aws-auth on "
      "CONFIG_MAP), configmap (aws-auth; refused on API) or api (access entry)",
      cxxopts::value<std::string>()->default_value("auto"), "auto|configmap|api")(
      "permission-set",
      "Map the IAM Identity Center role of this permission set (found with IAM ListRoles)",
      cxxopts::value<std::string>(),
      "NAME")("account", "With --permission-set: the account of the role",
              cxxopts::value<std::string>(), "ID");
}

void AddClusterFlags(cxxopts::Options& options) {
  options.add_options()(
      "admin-profile",
      "AWS profile whose credentials make the EKS and IAM calls (default: the context's exec "
      "profile, AWS_PROFILE, default)",
      cxxopts::value<std::string>(),
      "P")("cluster-name", "EKS cluster name (default: from the context's EKS token exec)",
           cxxopts::value<std::string>(), "NAME");
}

std::unique_ptr<ops::EksTarget> OpenEks(const Invocation& inv, const ClusterArgs& cluster, Io& io,
                                        bool required, bool note) {
  const ops::EksTargetRequest request{cluster.cluster_name, inv.global.region,
                                      cluster.admin_profile, inv.global.request_timeout};
  auto eks = inv.runtime.Eks(request, required);
  if (!eks) {
    if (note) {
      fmt::print(
          io.err,
          "note: cannot tell which EKS cluster context {} reaches (no EKS token exec such as "
          "`aws eks get-token`, no --cluster-name): aws-auth is used without checking the "
          "cluster's "
          "authentication mode\n",
          inv.runtime.ContextName());
    }
    return nullptr;
  }
  fmt::print(io.err, "EKS cluster {} in {} (from {}), administrator profile {} (from {})\n",
             eks->ref().name, eks->region(), eks->ref().source, eks->admin().name,
             eks->admin().from);
  fmt::print(io.err, "authentication mode {}\n", aws::ModeName(eks->mode()));
  return eks;
}

std::string PermissionSetRoleArn(const Invocation& inv, Io& io, const std::string& name,
                                 const std::string& account, const std::string& admin_profile) {
  const auto role = ops::ResolvePermissionSet(
      {name, account, admin_profile, inv.global.region, inv.global.request_timeout},
      inv.runtime.Whoami());
  fmt::print(io.err, "permission set {} is {} (IAM ListRoles with profile {})\n", name, role.arn,
             role.profile);
  return role.arn;
}

Exit PrintEntryAdd(const ops::EntryAddOutcome& outcome, const aws::AwsAuthIdentity& identity,
                   bool dry_run, Io& io) {
  NotePrincipal(outcome.principal_arn, identity, io);
  PrintSteps(outcome.result.steps, io);
  std::string verb =
      outcome.result.changed ? (outcome.created ? "created" : "configured") : "unchanged";
  if (dry_run && outcome.result.changed) verb += " (dry run)";
  fmt::print(io.out, "accessentry/{} {}\n", outcome.principal_arn, verb);
  if (outcome.result.kept_differences)
    fmt::print(io.err, "note: what exists differs from what was asked; --overwrite updates it\n");
  return Exit::kOk;
}

void PrintEntryRemove(const ops::EntryRemoveOutcome& outcome, const aws::AwsAuthIdentity& identity,
                      bool dry_run, Io& io, const std::string& policy) {
  NotePrincipal(outcome.principal_arn, identity, io);
  if (!outcome.result.found) return;
  PrintSteps(outcome.result.steps, io);
  fmt::print(io.out, "accessentry/{} {}{}\n", outcome.principal_arn,
             policy.empty() ? "deleted" : "policy " + policy + " disassociated",
             dry_run ? " (dry run)" : "");
}

Exit PrintWithAccessEntries(const ops::AccessListing& listing, const GlobalOptions& global,
                            Io& io) {
  if (global.output != OutputFormat::kTable) {
    PrintStructured(ops::AccessListJson(listing), global.output, io.out);
    return Exit::kOk;
  }
  PrintTable(ops::AccessListHeaders(), ops::AccessListRows(listing), io.out);
  fmt::print(io.err, "cluster {} authentication mode: {}{}\n", listing.cluster,
             aws::ModeName(listing.mode),
             aws::ReadsAwsAuth(listing.mode) ? "" : " (aws-auth is ignored on this cluster)");
  for (const auto& p : listing.problems)
    fmt::print(io.err, "{}: {}: {}\n", p.code, p.arn, p.message);
  return Exit::kOk;
}

}  // namespace ssomap::cli
