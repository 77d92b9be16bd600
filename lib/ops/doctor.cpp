#include "ops/doctor.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "aws/arn.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "kube/api_error.hpp"
#include "kube/auth_static.hpp"
#include "kube/eks_exec.hpp"
#include "kube/rbac.hpp"
#include "kube/review.hpp"
#include "kube/tls.hpp"
#include "ops/aws_auth_store.hpp"

namespace ssomap::ops {
namespace {

using Status = DoctorCheck::Status;

void Skip(DoctorReport& report, std::initializer_list<const char*> names, const std::string& why) {
  for (const char* name : names) report.checks.push_back({name, Status::kSkip, why, ""});
}

/// The request's identity: the one given, else `profile` as if given with --profile.
PresentedIdentity IdentityOf(const DoctorRequest& request) {
  if (request.identity) return *request.identity;
  PresentedIdentity identity;
  identity.source = PresentedIdentity::Source::kFlag;
  identity.profile = request.profile;
  identity.description = fmt::format("profile {}", request.profile);
  return identity;
}

// 1. Who the profile is to AWS, and the ARN aws-auth must name.
std::optional<aws::AwsAuthIdentity> CheckCredentials(const DoctorRequest& request,
                                                     DoctorSeams& seams, DoctorReport& report) {
  const auto identity = IdentityOf(request);
  if (!identity.note.empty()) {
    report.checks.push_back(
        {"identity", Status::kWarn, identity.note,
         fmt::format("kubectl ssomap doctor --profile P (now testing profile {})",
                     request.profile)});
  }
  WhoamiResult who;
  try {
    who = Whoami(WhoamiRequestOf(identity, request.region, request.timeout), seams.whoami);
  } catch (const Error& e) {
    report.checks.push_back({"credentials", Status::kFail,
                             fmt::format("{}: {}", identity.description, e.what()), e.hint()});
    Skip(report, {"aws-auth-arn", "aws-auth", "mapping", "permissions", "sign-in"},
         "needs the profile's identity");
    return std::nullopt;
  }
  report.checks.push_back(
      {"credentials", Status::kOk,
       fmt::format("{} is {} ({})", identity.description, who.arn, who.credential_source), ""});
  auto id = aws::AwsAuthForm(who.arn);
  report.arn = who.arn;
  report.aws_auth_arn = id.arn;
  report.checks.push_back(
      {"aws-auth-arn", Status::kOk,
       fmt::format("aws-auth must name {}{}", id.arn,
                   id.permission_set ? fmt::format(" (permission set {})", *id.permission_set)
                                     : std::string()),
       ""});
  return id;
}

// 2. What aws-auth says, read with the current context. Sets the mapped groups and username.
bool CheckAwsAuth(const aws::AwsAuthIdentity& id, const DoctorRequest& request,
                  kube::Connection& cluster, DoctorReport& report, std::vector<std::string>& groups,
                  std::string& username, const std::string& add_fix) {
  try {
    const auto read = ReadAwsAuth(cluster.client);
    if (!read.configmap) {
      report.checks.push_back(
          {"aws-auth", Status::kWarn,
           "the cluster has no ConfigMap kube-system/aws-auth: in API authentication mode only "
           "access entries count",
           "aws eks list-access-entries --cluster-name CLUSTER"});
      Skip(report, {"mapping"}, "no aws-auth");
      return false;
    }
    report.checks.push_back(
        {"aws-auth", Status::kOk,
         fmt::format("read kube-system/aws-auth (resourceVersion {}) as context {}",
                     read.configmap->resource_version, cluster.context.name),
         ""});
    // A role assumed on top is not what `add --profile` maps: the fix names the role's ARN.
    const bool role = request.identity && !request.identity->role_arn.empty();
    auto mapping = CheckMapping(id, read.data(), role ? std::string() : request.profile, groups,
                                username, add_fix);
    const bool mapped = mapping.status != Status::kFail;
    report.checks.push_back(std::move(mapping));
    return mapped;
  } catch (const Error& e) {
    report.checks.push_back(
        {"aws-auth", Status::kFail,
         fmt::format("context {} cannot read aws-auth: {}", cluster.context.name, e.what()),
         "run doctor with a cluster admin's context: kubectl ssomap doctor --context ADMIN"});
    Skip(report, {"mapping"}, "needs aws-auth");
    return false;
  }
}

// 3. What the mapped groups (or the access entry's policies and groups) may do.
void CheckBindings(kube::Connection& cluster, const std::vector<std::string>& groups,
                   const std::string& username, const ListedEntry* entry, DoctorReport& report) {
  try {
    const auto bindings = kube::ListBindings(cluster.client);
    report.checks.push_back(entry ? CheckEntryPermissions(*entry, bindings)
                                  : CheckPermissions(groups, username, bindings));
  } catch (const Error& e) {
    Skip(report, {"permissions"}, fmt::format("cannot list role bindings: {}", e.what()));
  }
}

// 4. The real test: sign in as the profile with a native EKS token and ask who we are.
void CheckSignIn(const DoctorRequest& request, DoctorSeams& seams, kube::Connection& cluster,
                 bool mapped, DoctorReport& report) {
  const auto name = EksClusterName(request.cluster_name, cluster.context);
  if (name.empty()) {
    Skip(report, {"sign-in"},
         "the EKS cluster name is unknown; pass --cluster-name NAME to test the profile's sign-in");
    return;
  }
  try {
    kube::EksExec exec;
    if (request.identity && request.identity->exec) {
      exec = *request.identity->exec;  // the context's own exec: its env, profile and role
    } else {
      exec.profile = request.profile;
      exec.profile_from_args =
          !request.identity || request.identity->source == PresentedIdentity::Source::kFlag;
    }
    if (!request.region.empty()) exec.region = request.region;
    exec.cluster_id = name;
    auto credential = seams.tokens.Token(exec);
    kube::ClientSettings settings;
    settings.endpoint = kube::EndpointFor(cluster.context.cluster, seams.read);
    settings.identity = fmt::format("profile {} (EKS token for cluster {})", request.profile, name);
    settings.timeout = request.timeout;
    kube::Client as_profile(settings, seams.transport,
                            std::make_unique<kube::StaticCredentialSource>(std::move(credential)));
    const auto user = kube::SelfSubjectReview(as_profile);
    report.checks.push_back({"sign-in", Status::kOk,
                             fmt::format("cluster {} signs the profile in as user {}, groups [{}]",
                                         name, user.username, text::Join(user.groups, ", ")),
                             ""});
  } catch (const kube::ApiError& e) {
    report.checks.push_back(
        {"sign-in", Status::kFail,
         fmt::format("cluster {} refuses the profile's EKS token: {}", name, e.server_message()),
         mapped ? "the mapping looks right: check the cluster's authentication mode (aws eks "
                  "describe-cluster) and that the kubeconfig points at cluster " +
                      name
                : "map the identity first (see the mapping fix above)"});
  } catch (const Error& e) {
    report.checks.push_back(
        {"sign-in", Status::kFail,
         fmt::format("cannot make an EKS token for profile {}: {}", request.profile, e.what()),
         e.hint()});
  }
}

}  // namespace

bool DoctorReport::Failed() const {
  return std::any_of(checks.begin(), checks.end(),
                     [](const DoctorCheck& c) { return c.status == Status::kFail; });
}

std::string EksClusterName(const std::string& flag, const kube::ResolvedContext& context) {
  if (!flag.empty()) return flag;
  if (context.user.exec) {
    if (auto exec = kube::ParseEksExec(*context.user.exec)) return exec->cluster_id;
  }
  for (const auto& name : {context.name, context.cluster.name}) {
    const auto at = name.find(":cluster/");
    if (name.starts_with("arn:") && name.find(":eks:") != std::string::npos &&
        at != std::string::npos) {
      return name.substr(at + 9);
    }
  }
  return {};
}

DoctorReport Doctor(const DoctorRequest& request, DoctorSeams& seams) {
  DoctorReport report;
  const auto id = CheckCredentials(request, seams, report);
  if (!id) return report;
  kube::Connection* cluster = nullptr;
  try {
    cluster = &seams.connect();
  } catch (const Error& e) {
    report.checks.push_back({"aws-auth", Status::kFail, e.what(), e.hint()});
    Skip(report, {"mapping", "permissions", "sign-in"}, "needs the cluster");
    return report;
  }
  report.context = cluster->context.name;
  // The authenticator's order: the access entry, then aws-auth where the mode reads it. A role
  // the exec assumes on top is not what `add --profile` maps: the fixes name the role's ARN.
  const bool role = request.identity && !request.identity->role_arn.empty();
  const auto access = CheckEksAccess(
      {request.cluster_name, request.region, request.admin_profile, request.timeout},
      role ? std::string() : request.profile, *id, cluster->context, seams.whoami, report.checks);
  if (access.mode) report.mode = std::string(aws::ModeName(*access.mode));
  const ListedEntry* entry = access.entry ? &*access.entry : nullptr;
  std::vector<std::string> groups;
  std::string username;
  bool mapped = false;
  if (access.ReadsAwsAuth()) {
    mapped = CheckAwsAuth(*id, request, *cluster, report, groups, username, access.add_fix);
    if (entry && report.checks.back().name == "mapping")
      ShadowMapping(report.checks.back(), *entry);
  } else {
    Skip(report, {"aws-auth", "mapping"}, "authentication mode API: EKS ignores aws-auth");
  }
  if (entry) {
    report.admitted_by = "accessEntry";
  } else if (mapped) {
    report.admitted_by = "aws-auth";
  }
  if (entry || mapped) {
    CheckBindings(*cluster, groups, username, entry, report);
  } else {
    Skip(report, {"permissions"}, "not mapped");
  }
  CheckSignIn(request, seams, *cluster, entry || mapped, report);
  return report;
}

}  // namespace ssomap::ops
