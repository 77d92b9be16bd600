// EksAccess: real transports and credentials wired to the access-entry use cases.
#include "eks_access.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>

#include "aws/chain.hpp"
#include "aws/config_file.hpp"
#include "aws/endpoints.hpp"
#include "aws/iam.hpp"
#include "aws/permission_set.hpp"
#include "aws/terminal_prompt.hpp"
#include "awsauth/parse.hpp"
#include "cluster_mode.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "core/process.hpp"
#include "core/text.hpp"
#include "kube/eks_cluster.hpp"
#include "kube/eks_exec.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/list_report.hpp"
#include "ops/migrate.hpp"
#include "ops/principal.hpp"
#include "ops/whoami.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

constexpr const char* kClusterAdminPolicy = "AmazonEKSClusterAdminPolicy";
constexpr const char* kViewPolicy = "AmazonEKSViewPolicy";
constexpr const char* kMasters = "system:masters";

std::string FlagOr(const cxxopts::ParseResult& flags, const char* name) {
  return flags.count(name) ? flags[name].as<std::string>() : std::string();
}

/// Real AWS plumbing: environment, config files, transports, credentials per profile.
struct Aws {
  ProcessEnvironment env;
  RealProcessRunner processes;
  aws::TerminalPrompt prompt;
  net::CurlTransport curl;
  net::RetryingTransport retrying{curl};
  aws::ConfigFiles config = aws::LoadConfigFiles(env);
  std::unique_ptr<ops::CaBundleTransport> transport;
  std::chrono::milliseconds timeout{0};

  void UseCaBundleOf(const std::string& profile) {
    transport =
        std::make_unique<ops::CaBundleTransport>(retrying, aws::CaBundle(env, config, profile));
  }
  aws::Credentials CredentialsOf(const std::string& profile, const std::string& region) {
    aws::ProviderContext ctx{env,
                             config,
                             profile,
                             true,
                             region,
                             *transport,
                             processes,
                             SystemClock(),
                             &prompt,
                             timeout,
                             [](int level, std::string_view line) { log::Write(level, line); }};
    return aws::ResolveCredentials(ctx);
  }
  std::unique_ptr<aws::IamClient> Iam(const std::string& region, const std::string& profile) {
    auto endpoint = aws::ResolveEndpoint(aws::Service::kIam, region, env, config, profile);
    // IAM signs for its partition's home region whatever endpoint serves it.
    auto signing = aws::DefaultEndpoint(aws::Service::kIam, region).signing_region;
    log::Write(1, fmt::format("IAM at {} (signing region {})", endpoint.url, signing));
    return std::make_unique<aws::IamClient>(*transport, endpoint.url, signing, SystemClock(),
                                            timeout);
  }
};

}  // namespace

struct EksAccess::Impl {
  Aws aws;
  kube::EksClusterRef ref;
  ops::AdminProfile admin;
  aws::Credentials admin_credentials;
  std::string region;
  aws::EksCluster cluster;
  std::unique_ptr<aws::EksClient> eks;

  ops::EksSeams Seams() { return {*eks, admin_credentials, net::RealSleeper()}; }

  std::string Principal(const Invocation& inv, Io& io, const aws::AwsAuthIdentity& identity,
                        const std::string& given_arn) {
    std::optional<aws::Credentials> own;
    if (!inv.global.profile.empty()) own = aws.CredentialsOf(inv.global.profile, region);
    auto iam = aws.Iam(region, admin.name);
    auto arn = ops::ResolvePrincipalArn(
        {given_arn.empty() ? identity.arn : given_arn, own ? &*own : nullptr, &admin_credentials},
        *iam);
    if (arn != identity.arn) fmt::print(io.err, "note: the access entry names {}\n", arn);
    return arn;
  }
};

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
      cxxopts::value<std::string>(), "P")(
      "cluster-name", "EKS cluster name (default: from the context's `aws eks get-token` exec)",
      cxxopts::value<std::string>(), "NAME");
}

EksAccess::EksAccess(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EksAccess::~EksAccess() = default;
const aws::EksCluster& EksAccess::cluster() const { return impl_->cluster; }
aws::AuthenticationMode EksAccess::mode() const { return impl_->cluster.authentication_mode; }

std::unique_ptr<EksAccess> EksAccess::Open(const Invocation& inv, Io& io,
                                           const kube::Session& session, bool required, bool note) {
  auto impl = std::make_unique<Impl>();
  const auto& context = session.context();
  const auto cluster_flag = FlagOr(inv.flags, "cluster-name");
  try {
    impl->ref = kube::FindEksCluster(context, cluster_flag, inv.global.region);
  } catch (const Error&) {
    if (required) throw;
    if (note)
      fmt::print(io.err,
                 "note: cannot tell which EKS cluster context {} reaches (no `aws eks get-token` "
                 "exec, no --cluster-name): aws-auth is used without checking the cluster's "
                 "authentication mode\n",
                 context.name);
    return nullptr;
  }
  impl->aws.timeout = inv.global.request_timeout;
  impl->admin = ops::SelectAdminProfile(FlagOr(inv.flags, "admin-profile"),
                                        kube::ExecProfile(context), impl->aws.env);
  impl->region = impl->ref.region;
  if (impl->region.empty())
    impl->region = aws::SelectRegion("", impl->aws.env, impl->aws.config, impl->admin.name);
  if (impl->region.empty())
    throw UsageError(fmt::format("no region for EKS cluster {}", impl->ref.name),
                     "pass --region REGION");
  impl->aws.UseCaBundleOf(impl->admin.name);
  fmt::print(io.err, "EKS cluster {} in {} (from {}), administrator profile {} (from {})\n",
             impl->ref.name, impl->region, impl->ref.source, impl->admin.name, impl->admin.from);
  impl->admin_credentials = impl->aws.CredentialsOf(impl->admin.name, impl->region);
  auto endpoint = aws::ResolveEndpoint(aws::Service::kEks, impl->region, impl->aws.env,
                                       impl->aws.config, impl->admin.name);
  log::Write(1,
             fmt::format("EKS at {} (signing region {})", endpoint.url, endpoint.signing_region));
  impl->eks =
      std::make_unique<aws::EksClient>(*impl->aws.transport, endpoint.url, endpoint.signing_region,
                                       SystemClock(), impl->aws.timeout);
  impl->cluster = impl->eks->DescribeCluster(impl->admin_credentials, impl->ref.name);
  kube::RequireSameServer(impl->ref, impl->cluster.endpoint, context);
  fmt::print(io.err, "authentication mode {}\n", aws::ModeName(impl->cluster.authentication_mode));
  return std::unique_ptr<EksAccess>(new EksAccess(std::move(impl)));
}

Exit EksAccess::Add(const Invocation& inv, Io& io, const aws::AwsAuthIdentity& identity,
                    const std::string& given_arn, const ops::Grant& grant,
                    const std::string& view_ns) {
  auto& impl = *impl_;
  ops::AddEntryRequest request;
  request.cluster = impl.cluster.name;
  request.entry.principal_arn = impl.Principal(inv, io, identity, given_arn);
  request.entry.username = grant.username.empty() ? ops::DefaultUsername(identity) : grant.username;
  for (const auto& group : grant.groups) {
    if (group == kMasters) {
      request.policies.push_back({kClusterAdminPolicy, {}});
    } else {
      request.entry.kubernetes_groups.push_back(group);
    }
  }
  if (inv.flags.count("view")) {
    aws::AccessScope scope;
    if (!view_ns.empty()) scope = {aws::AccessScope::Type::kNamespace, {view_ns}};
    request.policies.push_back({kViewPolicy, scope});
  }
  request.overwrite = inv.flags.count("overwrite") > 0;
  request.dry_run =
      inv.flags.count("dry-run") > 0 && inv.flags["dry-run"].as<std::string>() != "none";
  auto result = ops::AddAccessEntry(request, impl.Seams());
  for (const auto& step : result.steps) fmt::print(io.err, "{}\n", step.Line());
  const bool created = !result.steps.empty() && result.steps[0].call == "CreateAccessEntry";
  std::string verb = result.changed ? (created ? "created" : "configured") : "unchanged";
  if (request.dry_run && result.changed) verb += " (dry run)";
  fmt::print(io.out, "accessentry/{} {}\n", request.entry.principal_arn, verb);
  if (result.kept_differences)
    fmt::print(io.err, "note: what exists differs from what was asked; --overwrite updates it\n");
  return Exit::kOk;
}

bool EksAccess::Remove(const Invocation& inv, Io& io, const aws::AwsAuthIdentity& identity,
                       const std::string& given_arn) {
  auto& impl = *impl_;
  ops::RemoveEntryRequest request;
  request.cluster = impl.cluster.name;
  request.principal_arn = impl.Principal(inv, io, identity, given_arn);
  request.dry_run =
      inv.flags.count("dry-run") > 0 && inv.flags["dry-run"].as<std::string>() != "none";
  auto result = ops::RemoveAccessEntry(request, impl.Seams());
  if (!result.found) return false;
  for (const auto& step : result.steps) fmt::print(io.err, "{}\n", step.Line());
  fmt::print(io.out, "accessentry/{} deleted{}\n", request.principal_arn,
             request.dry_run ? " (dry run)" : "");
  return true;
}

std::vector<ops::ListedEntry> EksAccess::List() {
  return ops::ListAccessEntries(impl_->cluster.name, impl_->Seams());
}

Exit EksAccess::Migrate(const Invocation& inv, Io& io, kube::Session& session) {
  auto& impl = *impl_;
  if (!aws::AdmitsAccessEntries(mode()))
    throw Error(fmt::format("cluster {} is in authentication mode CONFIG_MAP: it has no access "
                            "entries to migrate to; nothing was changed",
                            impl.cluster.name),
                fmt::format("aws eks update-cluster-config --name {} --access-config "
                            "authenticationMode=API_AND_CONFIG_MAP",
                            impl.cluster.name),
                Exit::kRefused);
  const bool dry_run = inv.flags.count("dry-run") > 0;
  const bool prune = inv.flags.count("prune-configmap") > 0;
  const auto read = ops::ReadAwsAuth(session.client());
  const auto auth = awsauth::Parse(read.data());
  auto iam = impl.aws.Iam(impl.region, impl.admin.name);
  const auto existing = impl.eks->ListAccessEntries(impl.admin_credentials, impl.cluster.name);
  const auto plan = ops::PlanMigration(auth, existing, [&](const std::string& arn) {
    return ops::ResolvePrincipalArn({arn, nullptr, &impl.admin_credentials}, *iam);
  });
  for (const auto& line : ops::PlanLines(plan)) fmt::print(io.out, "{}\n", line);
  const auto result = ops::ExecuteMigration(impl.cluster.name, plan, dry_run, impl.Seams());
  for (const auto& step : result.steps) fmt::print(io.err, "{}\n", step.Line());
  for (const auto& failure : result.failures)
    fmt::print(io.err, "error: not migrated: {}\n", failure);
  if (prune && !result.confirmed.empty()) {
    const auto backups = Backups();
    const auto planner = [&](const awsauth::Data& data) {
      auto pruned = ops::PruneMigrated(data, result.confirmed);
      return ops::PlannedData{pruned, pruned == data};
    };
    const auto confirm = [&](const awsauth::Data& stored) {
      const auto left = awsauth::Parse(stored);
      for (const auto* list : {&left.roles, &left.users}) {
        for (const auto& m : *list) {
          for (const auto& gone : result.confirmed) {
            if (gone.SameAs(m)) throw Error(fmt::format("{} is still in aws-auth", m.arn));
          }
        }
      }
    };
    const auto written = ops::WriteAwsAuth(planner, confirm, {}, WriteSeamsFor(session, backups));
    if (written.backup)
      fmt::print(io.err, "backup of the previous aws-auth: {}\n", written.backup->path.string());
    fmt::print(io.out, "configmap/aws-auth {}: {} migrated mapping(s) removed\n",
               written.written ? "configured" : "unchanged", result.confirmed.size());
  } else if (prune && dry_run) {
    fmt::print(io.err, "--prune-configmap: nothing removed under --dry-run\n");
  }
  return result.failures.empty() ? Exit::kOk : Exit::kError;
}

Exit PrintWithAccessEntries(EksAccess& eks, const awsauth::AwsAuth& auth,
                            const ops::GlobalOptions& global, Io& io) {
  const auto mode = eks.mode();
  const auto entries =
      aws::AdmitsAccessEntries(mode) ? eks.List() : std::vector<ops::ListedEntry>{};
  const auto problems = ops::MechanismProblems(auth, entries, mode);
  const auto report =
      ops::MakeListReport(auth, [](const std::string&, std::size_t l) { return l; });
  if (global.output != ops::OutputFormat::kTable) {
    auto json = ops::ListJson(report);
    json["authenticationMode"] = std::string(aws::ModeName(mode));
    for (auto& row : json["mappings"]) {
      for (const auto& p : problems) {
        if (p.arn == row["arn"])
          row["problems"].push_back({{"code", p.code}, {"message", p.message}});
      }
    }
    json["accessEntries"] = nlohmann::ordered_json::array();
    for (const auto& e : entries) {
      nlohmann::ordered_json policies = nlohmann::ordered_json::array();
      for (const auto& p : e.policies)
        policies.push_back({{"policyArn", p.policy_arn}, {"scope", p.scope.ToString()}});
      json["accessEntries"].push_back({{"principalArn", e.entry.principal_arn},
                                       {"type", e.entry.type},
                                       {"username", e.entry.username},
                                       {"kubernetesGroups", e.entry.kubernetes_groups},
                                       {"policies", policies}});
    }
    PrintStructured(json, global.output, io.out);
    return Exit::kOk;
  }
  auto headers = ops::ListHeaders();
  headers.insert(headers.end() - 1, "POLICIES");
  auto rows = ops::ListRows(report);
  for (auto& row : rows) {
    for (const auto& p : problems) {
      if (p.arn == row[1]) row.back() += (row.back().empty() ? "" : ",") + p.code;
    }
    row.insert(row.end() - 1, "");
  }
  for (const auto& e : entries) {
    rows.push_back(
        {"accessEntry", e.entry.principal_arn, e.entry.username,
         text::Join(e.entry.kubernetes_groups, ","),
         aws::PermissionSetOf(e.entry.principal_arn.substr(e.entry.principal_arn.rfind('/') + 1))
             .value_or(e.entry.type == "STANDARD" ? "" : e.entry.type),
         ops::PoliciesText(e.policies), ""});
  }
  PrintTable(headers, rows, io.out);
  fmt::print(io.err, "cluster {} authentication mode: {}{}\n", eks.cluster().name,
             aws::ModeName(mode),
             aws::ReadsAwsAuth(mode) ? "" : " (aws-auth is ignored on this cluster)");
  for (const auto& p : problems) fmt::print(io.err, "{}: {}: {}\n", p.code, p.arn, p.message);
  return Exit::kOk;
}

std::string PermissionSetRoleArn(const Invocation& inv, Io& io, const std::string& name) {
  Aws aws;
  aws.timeout = inv.global.request_timeout;
  auto admin = ops::SelectAdminProfile(FlagOr(inv.flags, "admin-profile"), "", aws.env);
  auto region = aws::SelectRegion(inv.global.region, aws.env, aws.config, admin.name);
  if (region.empty()) region = std::string(ops::kDefaultStsRegion);
  aws.UseCaBundleOf(admin.name);
  auto credentials = aws.CredentialsOf(admin.name, region);
  auto iam = aws.Iam(region, admin.name);
  auto roles = iam->ListRoles(credentials, std::string(aws::kSsoRolePathPrefix));
  auto role = aws::FindPermissionSetRole(roles, name, FlagOr(inv.flags, "account"));
  fmt::print(io.err, "permission set {} is {} (IAM ListRoles with profile {})\n", name, role.arn,
             admin.name);
  return role.arn;
}

}  // namespace ssomap::cli
