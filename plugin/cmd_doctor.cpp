// `kubectl ssomap doctor [--profile P]`: explain, step by step, why an identity can or cannot
// reach the current cluster, and what to run.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "aws/terminal_prompt.hpp"
#include "cluster_mode.hpp"
#include "commands_list.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "core/process.hpp"
#include "core/redact.hpp"
#include "core/text.hpp"
#include "kube/connect.hpp"
#include "kube/eks_exec.hpp"
#include "kube/native_token.hpp"
#include "kube/tls.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"
#include "ops/doctor.hpp"
#include "ops/whoami.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

using Check = ops::DoctorCheck;
using Status = Check::Status;

void Flags(cxxopts::Options& options) {
  options.add_options()(
      "cluster-name",
      "EKS cluster name, to test the profile's sign-in (default: from the context's "
      "`aws eks get-token` exec or its EKS ARN name)",
      cxxopts::value<std::string>(), "NAME");
}

// A bearer token fixed for the run (the profile's EKS token).
class FixedToken final : public kube::CredentialSource {
 public:
  explicit FixedToken(kube::Credential credential) : credential_(std::move(credential)) {}
  kube::Credential Get(bool) override { return credential_; }
  bool Refreshable() const override { return false; }

 private:
  kube::Credential credential_;
};

// The EKS cluster name: --cluster-name, the context's EKS exec, or `.../cluster/NAME` in an
// EKS ARN used as the context or cluster name (aws eks update-kubeconfig names them so).
std::string ClusterName(const cxxopts::ParseResult& flags, const kube::ResolvedContext& context) {
  if (flags.count("cluster-name")) return flags["cluster-name"].as<std::string>();
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

struct Doctor {
  const Invocation& inv;
  Io& io;
  std::vector<Check> checks;

  void Add(Check check) { checks.push_back(std::move(check)); }
  void Skip(const char* name, const std::string& why) { Add({name, Status::kSkip, why, ""}); }
  bool Failed() const {
    return std::any_of(checks.begin(), checks.end(),
                       [](const Check& c) { return c.status == Status::kFail; });
  }
};

void Diagnose(Doctor& d, const std::string& profile, nlohmann::ordered_json& facts) {
  ProcessEnvironment env;
  RealProcessRunner processes;
  aws::TerminalPrompt prompt;
  net::CurlTransport curl;
  net::RetryingTransport transport(curl);
  const auto& g = d.inv.global;

  // 1. Who the profile is to AWS.
  ops::WhoamiResult who;
  try {
    ops::WhoamiSeams seams{
        env,       transport,
        processes, SystemClock(),
        &prompt,   [](int level, std::string_view line) { log::Write(level, line); }};
    who = ops::Whoami({profile, g.region, g.request_timeout}, seams);
    d.Add({"credentials", Status::kOk,
           fmt::format("profile {} is {} ({})", profile, who.arn, who.credential_source), ""});
  } catch (const Error& e) {
    d.Add(
        {"credentials", Status::kFail, fmt::format("profile {}: {}", profile, e.what()), e.hint()});
    for (const char* name : {"aws-auth-arn", "aws-auth", "mapping", "permissions", "sign-in"}) {
      d.Skip(name, "needs the profile's identity");
    }
    return;
  }
  const auto id = aws::AwsAuthForm(who.arn);
  facts["arn"] = who.arn;
  facts["awsAuthArn"] = id.arn;
  d.Add({"aws-auth-arn", Status::kOk,
         fmt::format("aws-auth must name {}{}", id.arn,
                     id.permission_set ? fmt::format(" (permission set {})", *id.permission_set)
                                       : std::string()),
         ""});

  // 2. What aws-auth says, read with the current context.
  std::unique_ptr<kube::Session> session;
  try {
    session = OpenCluster(d.inv, d.io);
  } catch (const Error& e) {
    d.Add({"aws-auth", Status::kFail, e.what(), e.hint()});
    for (const char* name : {"mapping", "permissions", "sign-in"})
      d.Skip(name, "needs the cluster");
    return;
  }
  facts["context"] = session->context().name;
  std::vector<std::string> groups;
  std::string username;
  bool mapped = false;
  try {
    const auto read = ops::ReadAwsAuth(session->client());
    if (!read.configmap) {
      d.Add({"aws-auth", Status::kWarn,
             "the cluster has no ConfigMap kube-system/aws-auth: in API authentication mode only "
             "access entries "
             "count",
             "aws eks list-access-entries --cluster-name CLUSTER"});
      d.Skip("mapping", "no aws-auth");
    } else {
      d.Add({"aws-auth", Status::kOk,
             fmt::format("read kube-system/aws-auth (resourceVersion {}) as context {}",
                         read.configmap->resource_version, session->context().name),
             ""});
      auto mapping = ops::CheckMapping(
          id, read.data(), d.inv.global.profile.empty() ? profile : d.inv.global.profile, groups,
          username);
      mapped = mapping.status != Status::kFail;
      d.Add(std::move(mapping));
    }
  } catch (const Error& e) {
    d.Add({"aws-auth", Status::kFail,
           fmt::format("context {} cannot read aws-auth: {}", session->context().name, e.what()),
           "run doctor with a cluster admin's context: kubectl ssomap doctor --context ADMIN"});
    d.Skip("mapping", "needs aws-auth");
  }

  // 3. What the mapped groups may do.
  if (mapped) {
    try {
      std::vector<nlohmann::json> bindings;
      for (const char* path : {"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                               "/apis/rbac.authorization.k8s.io/v1/rolebindings"}) {
        const auto list = session->client().Get(path);
        const auto kind = std::string(path).ends_with("clusterrolebindings") ? "ClusterRoleBinding"
                                                                             : "RoleBinding";
        for (auto item : list.value("items", nlohmann::json::array())) {
          item["kind"] = kind;
          bindings.push_back(std::move(item));
        }
      }
      d.Add(ops::CheckPermissions(groups, username, bindings));
    } catch (const Error& e) {
      d.Skip("permissions", fmt::format("cannot list role bindings: {}", e.what()));
    }
  } else {
    d.Skip("permissions", "not mapped");
  }

  // 4. The real test: sign in as the profile with a native EKS token and ask who we are.
  const auto cluster = ClusterName(d.inv.flags, session->context());
  if (cluster.empty()) {
    d.Skip(
        "sign-in",
        "the EKS cluster name is unknown; pass --cluster-name NAME to test the profile's sign-in");
    return;
  }
  try {
    kube::AwsNativeTokenSource native(
        env, transport, processes, SystemClock(), g.request_timeout,
        [](int level, const std::string& line) { log::Write(level, line); });
    kube::EksExec exec;
    exec.profile = profile;
    exec.profile_from_args = true;
    exec.region = g.region;
    exec.cluster_id = cluster;
    auto credential = native.Token(exec);
    kube::ClientSettings settings;
    settings.endpoint = kube::EndpointFor(session->context().cluster, kube::RealFileReader());
    settings.identity = fmt::format("profile {} (EKS token for cluster {})", profile, cluster);
    settings.timeout = g.request_timeout;
    kube::Client as_profile(settings, session->transport(),
                            std::make_unique<FixedToken>(std::move(credential)));
    const auto review = as_profile.Create(
        "/apis/authentication.k8s.io/v1/selfsubjectreviews",
        {{"apiVersion", "authentication.k8s.io/v1"}, {"kind", "SelfSubjectReview"}});
    const auto& user = review.at("status").at("userInfo");
    d.Add({"sign-in", Status::kOk,
           fmt::format("cluster {} signs the profile in as user {}, groups [{}]", cluster,
                       user.value("username", ""),
                       text::Join(user.value("groups", std::vector<std::string>{}), ", ")),
           ""});
  } catch (const kube::ApiError& e) {
    d.Add(
        {"sign-in", Status::kFail,
         fmt::format("cluster {} refuses the profile's EKS token: {}", cluster, e.server_message()),
         mapped ? "the mapping looks right: check the cluster's authentication mode (aws eks "
                  "describe-cluster) and "
                  "that the kubeconfig points at cluster " +
                      cluster
                : "map the identity first (see the mapping fix above)"});
  } catch (const Error& e) {
    d.Add({"sign-in", Status::kFail,
           fmt::format("cannot make an EKS token for profile {}: {}", profile, e.what()),
           e.hint()});
  }
}

Exit Run(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("doctor takes no arguments, got \"{}\"", inv.args[0]));
  ProcessEnvironment env;
  const auto& g = inv.global;
  const auto profile =
      g.profile.empty()
          ? kube::DefaultProfile({g.kubeconfig, g.context, g.namespace_, g.request_timeout}, env,
                                 kube::RealFileReader())
          : g.profile;
  Doctor doctor{inv, io, {}};
  nlohmann::ordered_json facts = {{"profile", profile}};
  Diagnose(doctor, profile, facts);
  if (g.output != ops::OutputFormat::kTable) {
    auto items = nlohmann::ordered_json::array();
    for (const auto& c : doctor.checks) {
      items.push_back({{"name", c.name},
                       {"status", ops::StatusName(c.status)},
                       {"message", redact::Text(c.message)},
                       {"fix", c.fix.empty() ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(redact::Text(c.fix))}});
    }
    facts["checks"] = items;
    facts["ok"] = !doctor.Failed();
    PrintStructured(facts, g.output, io.out);
  } else {
    for (const auto& c : doctor.checks) {
      // Doctor lines pass through the one redaction, as errors and logs do (core/redact.hpp).
      fmt::print(io.out, "{:<5} {:<13} {}\n", ops::StatusName(c.status), c.name,
                 redact::Text(c.message));
      if (!c.fix.empty()) fmt::print(io.out, "{:<19} fix: {}\n", "", redact::Text(c.fix));
    }
  }
  return doctor.Failed() ? Exit::kError : Exit::kOk;
}

}  // namespace

Command DoctorCommand() {
  return {"doctor",
          "Explain why an identity can or cannot reach the cluster, and what to run",
          "doctor [--profile P] [--cluster-name NAME] [-o json|yaml]",
          "Checks, in order: the profile's AWS credentials and STS identity; the role ARN aws-auth "
          "must name;\n"
          "aws-auth as the current context reads it; the mapping the authenticator would use (not "
          "mapped, a\n"
          "path-ful twin that never matches, duplicates, a key that does not parse); what the "
          "mapped groups\n"
          "are bound to; and finally a real sign-in: an EKS token for the profile, made here, and "
          "the API\n"
          "server's SelfSubjectReview of it. Every failed step names the command that fixes it. "
          "The profile\n"
          "defaults to the one the context's exec uses, then AWS_PROFILE, then default. Exits 1 if "
          "a step\n"
          "fails.",
          "  # Why can't my SSO profile reach the cluster? (run with an admin context)\n"
          "  kubectl ssomap doctor --profile dev-sso --cluster-name dev\n\n"
          "  # As JSON, for scripts\n"
          "  kubectl ssomap doctor --profile dev-sso -o json | jq .ok",
          Flags,
          Run};
}

}  // namespace ssomap::cli
