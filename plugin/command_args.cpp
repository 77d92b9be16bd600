#include "command_args.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::cli {
namespace {

void NoArguments(const char* command, const std::vector<std::string>& args) {
  if (!args.empty())
    throw UsageError(fmt::format("{} takes no arguments, got \"{}\"", command, args[0]));
}

std::optional<std::string> Optional(const cxxopts::ParseResult& flags, const char* name) {
  if (!flags.count(name)) return std::nullopt;
  return flags[name].as<std::string>();
}

std::optional<std::string> Arn(const cxxopts::ParseResult& flags) { return Optional(flags, "arn"); }

// On a cluster: exactly one of --arn and --profile. With --local: --arn.
void CheckIdentity(const std::optional<std::string>& arn, bool local, const GlobalOptions& global) {
  if (local) {
    if (!arn) throw UsageError("say which identity: --arn ARN", "or --profile P on a cluster");
    return;
  }
  const bool profile = !global.profile.empty();
  if (arn && profile) throw UsageError("--arn and --profile both name the identity; pass one");
  if (!arn && !profile) {
    throw UsageError("say which identity: --profile P (its SSO role, asked of STS) or --arn ARN",
                     "e.g. kubectl ssomap add --profile my-sso-profile --admin");
  }
}

void NoDryRunLocal(const cxxopts::ParseResult& flags) {
  if (flags.count("dry-run"))
    throw UsageError("--dry-run has no meaning with --local: nothing is written");
}

}  // namespace

ops::DryRunMode ParseDryRun(const cxxopts::ParseResult& flags) {
  if (!flags.count("dry-run")) return ops::DryRunMode::kNone;
  const auto value = flags["dry-run"].as<std::string>();
  if (value == "client") return ops::DryRunMode::kClient;
  if (value == "server") return ops::DryRunMode::kServer;
  if (value == "none") return ops::DryRunMode::kNone;
  throw UsageError(fmt::format("--dry-run must be none, client or server, not \"{}\"", value));
}

std::optional<std::string> ParseLocalFile(const cxxopts::ParseResult& flags) {
  const bool local = flags.count("local") > 0;
  const bool file = flags.count("filename") > 0;
  if (local && !file)
    throw UsageError("--local needs -f FILE", "pass the aws-auth manifest with -f FILE");
  if (file && !local) {
    throw UsageError("-f FILE works on the file only with --local",
                     "add --local, or leave out -f to work on the current cluster");
  }
  if (!local) return std::nullopt;
  return flags["filename"].as<std::string>();
}

ClusterArgs ParseClusterArgs(const cxxopts::ParseResult& flags) {
  return {Optional(flags, "cluster-name").value_or(""),
          Optional(flags, "admin-profile").value_or("")};
}

AddArgs ParseAddArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args,
                     const GlobalOptions& global) {
  NoArguments("add", args);
  AddArgs out;
  out.local_file = ParseLocalFile(flags);
  out.view = flags.count("view") > 0;
  out.all_namespaces = flags.count("all-namespaces") > 0;
  if (out.all_namespaces && !out.view)
    throw UsageError("-A/--all-namespaces goes with --view (cluster-wide read)");
  if (out.all_namespaces && !global.namespace_.empty())
    throw UsageError("--view takes -n NS or -A, not both");
  out.admin = flags.count("admin") > 0;
  out.overwrite = flags.count("overwrite") > 0;
  if (out.local_file) {
    if (out.view) {
      throw UsageError(
          "--view needs a cluster: it also creates a Role and RoleBinding",
          "with --local, map to a group with --group G and create its RBAC objects yourself");
    }
    NoDryRunLocal(flags);
  }
  const bool groups = flags.count("group") > 0;
  if (int(out.admin) + int(groups) + int(out.view) != 1)
    throw UsageError("say what to grant: exactly one of --admin, --view or --group G");
  if (out.admin) out.grant.groups = {"system:masters"};
  if (groups) out.grant.groups = flags["group"].as<std::vector<std::string>>();
  if (flags.count("username")) {
    out.grant.username = flags["username"].as<std::string>();
    // An empty value would silently mean the default: say so instead.
    ops::ValidateName("--username", out.grant.username);
  }
  out.dry_run = ParseDryRun(flags);
  out.arn = Arn(flags);
  out.mode = ops::ParseAddMode(Optional(flags, "mode").value_or("auto"));
  out.permission_set = Optional(flags, "permission-set");
  out.account = Optional(flags, "account").value_or("");
  out.cluster = ParseClusterArgs(flags);
  if (!out.account.empty() && !out.permission_set)
    throw UsageError("--account goes with --permission-set NAME");
  if (out.permission_set) {
    if (out.arn || !global.profile.empty())
      throw UsageError("--permission-set names the identity: pass no --arn or --profile with it");
    return out;
  }
  CheckIdentity(out.arn, out.local_file.has_value(), global);
  return out;
}

RemoveArgs ParseRemoveArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args,
                           const GlobalOptions& global) {
  NoArguments("remove", args);
  RemoveArgs out;
  out.local_file = ParseLocalFile(flags);
  if (out.local_file) NoDryRunLocal(flags);
  out.dry_run = ParseDryRun(flags);
  out.arn = Arn(flags);
  out.cluster = ParseClusterArgs(flags);
  out.mode = ops::ParseAddMode(Optional(flags, "mode").value_or("auto"));
  out.policy = Optional(flags, "policy").value_or("");
  if (!out.policy.empty() && (out.mode == ops::AddMode::kConfigMap || out.local_file))
    throw UsageError("--policy removes an access policy association: it needs an access entry",
                     "drop --mode configmap and --local");
  CheckIdentity(out.arn, out.local_file.has_value(), global);
  return out;
}

DoctorArgs ParseDoctorArgs(const cxxopts::ParseResult& flags,
                           const std::vector<std::string>& args) {
  NoArguments("doctor", args);
  DoctorArgs out;
  if (flags.count("cluster-name")) out.cluster_name = flags["cluster-name"].as<std::string>();
  if (flags.count("admin-profile")) out.admin_profile = flags["admin-profile"].as<std::string>();
  return out;
}

ListArgs ParseListArgs(const cxxopts::ParseResult& flags, const std::vector<std::string>& args) {
  NoArguments("list", args);
  return {ParseLocalFile(flags), ParseClusterArgs(flags), flags.count("check-iam") > 0};
}

MigrateArgs ParseMigrateArgs(const cxxopts::ParseResult& flags,
                             const std::vector<std::string>& args) {
  NoArguments("migrate", args);
  MigrateArgs out;
  out.dry_run = flags.count("dry-run") > 0;
  out.prune = flags.count("prune-configmap") > 0;
  out.cluster = ParseClusterArgs(flags);
  return out;
}

RestoreArgs ParseRestoreArgs(const cxxopts::ParseResult& flags,
                             const std::vector<std::string>& args) {
  if (args.size() > 1) throw UsageError("restore takes at most one backup name");
  RestoreArgs out;
  if (!args.empty()) out.name = args[0];
  out.dry_run = ParseDryRun(flags);
  out.force = flags.count("force") > 0;
  if (flags.count("force-uid-mismatch")) {
    out.accept_uid = flags["force-uid-mismatch"].as<std::string>();
    if (out.accept_uid.empty())
      throw UsageError("--force-uid-mismatch needs the live aws-auth's uid (or none)");
  }
  out.yes = flags.count("yes") > 0;
  return out;
}

ops::TokenRequest ParseTokenArgs(const cxxopts::ParseResult& flags,
                                 const std::vector<std::string>& args,
                                 const GlobalOptions& global) {
  NoArguments("token", args);
  if (global.output == OutputFormat::kYaml)
    throw UsageError("token prints an ExecCredential as JSON only", "drop -o yaml");
  const auto name = Optional(flags, "cluster-name");
  const auto id = Optional(flags, "cluster-id");
  if (name && id)
    throw UsageError("--cluster-name and --cluster-id both name the cluster; pass one");
  if (!name && !id) {
    throw UsageError("say which cluster: --cluster-name NAME (or --cluster-id ID on Outposts)",
                     "e.g. kubectl ssomap token --cluster-name my-cluster");
  }
  ops::TokenRequest out;
  out.cluster_id = name ? *name : *id;
  if (out.cluster_id.empty()) throw UsageError("the cluster name is empty");
  const auto role_arn = Optional(flags, "role-arn");
  const auto role = Optional(flags, "role");
  if (role_arn && role && *role_arn != *role)
    throw UsageError("--role-arn and --role name two roles; pass one");
  out.role_arn = role_arn.value_or(role.value_or(""));
  // Without a role to assume the AWS CLI ignores --session-name, and so do we.
  out.session_name = Optional(flags, "session-name").value_or("");
  out.profile = global.profile;
  out.region = global.region;
  out.timeout = global.request_timeout;
  return out;
}

}  // namespace ssomap::cli
