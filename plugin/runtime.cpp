#include "runtime.hpp"

#include <unistd.h>

#include <optional>

#include "aws/terminal_prompt.hpp"
#include "core/environment.hpp"
#include "core/process.hpp"
#include "kube/connect.hpp"
#include "kube/native_token.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"

namespace ssomap::cli {

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
    parts_->cluster.emplace(kube::Connect(
        {global_.kubeconfig, global_.context, global_.namespace_, global_.request_timeout}, seams));
  }
  return *parts_->cluster;
}

kube::Client& Runtime::Client() { return Cluster().client; }

const std::string& Runtime::ContextName() { return Cluster().context.name; }

const ops::BackupStore& Runtime::Backups() {
  if (!parts_->backups) parts_->backups.emplace(ops::BackupStore::DefaultRoot(parts_->env));
  return *parts_->backups;
}

ops::WriteSeams Runtime::Write() {
  auto& cluster = Cluster();
  return {cluster.client, &Backups(),         cluster.context.name,
          SystemClock(),  net::RealSleeper(), net::RealRandom()};
}

ops::DoctorSeams Runtime::Doctor() {
  return {Whoami(), [this]() -> kube::Connection& { return Cluster(); }, parts_->tokens,
          parts_->transport, kube::RealFileReader()};
}

std::unique_ptr<ops::EksTarget> Runtime::Eks(const ops::EksTargetRequest& request, bool required) {
  return ops::OpenEksTarget(request, Cluster().context, Whoami(), required);
}

std::string Runtime::ProfileOrDefault() {
  if (!global_.profile.empty()) return global_.profile;
  return kube::DefaultProfile(
      {global_.kubeconfig, global_.context, global_.namespace_, global_.request_timeout},
      parts_->env, kube::RealFileReader());
}

struct CompletionRuntime::Parts {
  explicit Parts(std::chrono::milliseconds timeout)
      : transport({timeout, timeout, ""}), backups(ops::BackupStore::DefaultRoot(env)) {}

  ProcessEnvironment env;
  RealProcessRunner processes;
  net::CurlTransport transport;
  ops::BackupStore backups;
};

CompletionRuntime::CompletionRuntime(std::chrono::milliseconds timeout)
    : parts_(std::make_unique<Parts>(timeout)) {}

CompletionRuntime::~CompletionRuntime() = default;

ops::CompletionSeams CompletionRuntime::Seams() {
  return {parts_->env, parts_->transport, parts_->processes, parts_->backups};
}

}  // namespace ssomap::cli
