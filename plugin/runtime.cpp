#include "runtime.hpp"

#include <unistd.h>

#include <optional>

#include "aws/terminal_prompt.hpp"
#include "core/environment.hpp"
#include "core/error.hpp"
#include "core/process.hpp"
#include "kube/connect.hpp"
#include "kube/native_token.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"
#include "ssomap_build_info.hpp"

namespace ssomap::cli {

namespace {

kube::ConnectOptions ConnectOptionsOf(const GlobalOptions& g) {
  return {g.kubeconfig, g.context, g.namespace_, g.request_timeout, {g.as, g.as_uid, g.as_groups}};
}

}  // namespace

struct Runtime::Parts {
  explicit Parts(const GlobalOptions& global)
      : transport(curl), tokens(env, transport, processes, SystemClock(), global.request_timeout) {}

  ProcessEnvironment env;
  RealProcessRunner processes;
  aws::TerminalPrompt prompt;
  net::CurlTransport curl;
  net::RetryingTransport transport;
  kube::AwsNativeTokenSource tokens;
  std::optional<kube::Connection> cluster;
  std::optional<ops::BackupStore> backups;
};

Runtime::Runtime(GlobalOptions global, std::ostream& err)
    : global_(std::move(global)), err_(err), parts_(std::make_unique<Parts>(global_)) {}

Runtime::~Runtime() = default;

ops::WhoamiSeams Runtime::Whoami() {
  return {parts_->env, parts_->transport, parts_->processes, SystemClock(), &parts_->prompt};
}

kube::Connection& Runtime::Cluster() {
  if (!parts_->cluster) {
    const kube::ConnectSeams seams{
        parts_->env,   parts_->transport,      parts_->processes, err_,
        SystemClock(), kube::RealFileReader(), &parts_->tokens,   ::isatty(STDIN_FILENO) == 1};
    parts_->cluster.emplace(kube::Connect(ConnectOptionsOf(global_), seams));
  }
  return *parts_->cluster;
}

kube::Client& Runtime::Client() { return Cluster().client; }

const std::string& Runtime::ContextName() { return Cluster().context.name; }

const std::string& Runtime::Namespace() { return Cluster().context.namespace_; }

const ops::BackupStore& Runtime::Backups() {
  if (!parts_->backups) {
    const auto& context = Cluster().context;
    parts_->backups.emplace(ops::BackupStore::DefaultRoot(parts_->env),
                            ops::ClusterIdentityOf(context), SSOMAP_VERSION,
                            ops::BackupStore::KeepFrom(parts_->env));
  }
  return *parts_->backups;
}

ops::WriteSeams Runtime::Write() {
  auto& cluster = Cluster();
  return {cluster.client, &Backups(),    cluster.context.name,
          SystemClock(),  RealSleeper(), RealRandom()};
}

ops::RestoreSeams Runtime::Restore(std::function<bool(const ops::RestorePlan&)> confirm) {
  return {Client(), Backups(), Write(), std::move(confirm)};
}

ops::DoctorSeams Runtime::Doctor() {
  return {Whoami(), [this]() -> kube::Connection& { return Cluster(); }, parts_->tokens,
          parts_->transport, kube::RealFileReader()};
}

std::unique_ptr<ops::EksTarget> Runtime::Eks(const ops::EksTargetRequest& request, bool required) {
  return ops::OpenEksTarget(request, Cluster().context, Whoami(), required);
}

ops::PresentedIdentity Runtime::Presented() {
  std::optional<kube::ResolvedContext> context;
  std::string error;
  try {
    context = kube::LoadContext(ConnectOptionsOf(global_), parts_->env, kube::RealFileReader());
  } catch (const Error& e) {
    error = e.what();  // no kubeconfig context: the identity then comes from the environment
  }
  return ops::ChoosePresentedIdentity(global_.profile, context ? &*context : nullptr, error,
                                      parts_->env);
}

struct CompletionRuntime::Parts {
  explicit Parts(std::chrono::milliseconds timeout) : transport({timeout, timeout, ""}) {}

  ProcessEnvironment env;
  RealProcessRunner processes;
  net::CurlTransport transport;
};

CompletionRuntime::CompletionRuntime(std::chrono::milliseconds timeout)
    : parts_(std::make_unique<Parts>(timeout)) {}

CompletionRuntime::~CompletionRuntime() = default;

ops::CompletionSeams CompletionRuntime::Seams() {
  return {parts_->env, parts_->transport, parts_->processes,
          ops::BackupStore::DefaultRoot(parts_->env)};
}

}  // namespace ssomap::cli
