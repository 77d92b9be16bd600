#include "kube/exec_plugin.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kV1 = "client.authentication.k8s.io/v1";
constexpr const char* kV1beta1 = "client.authentication.k8s.io/v1beta1";
constexpr const char* kExecInfoVar = "KUBERNETES_EXEC_INFO";

std::string Who(const User& user) {
  return fmt::format("exec plugin {} of user {} ({})",
                     text::Quote(user.exec ? user.exec->command : ""), text::Quote(user.name),
                     user.origin);
}

Error ExecError(const User& user, const std::string& problem, std::string hint = {}) {
  return Error(fmt::format("{}: {}", Who(user), problem), std::move(hint), Exit::kAuth);
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string CommandLine(const ExecConfig& exec) {
  std::vector<std::string> parts{exec.command};
  parts.insert(parts.end(), exec.args.begin(), exec.args.end());
  return text::Join(parts, " ");
}

}  // namespace

bool ExecInteractive(const ExecConfig& exec, bool stdin_is_terminal, const User& user) {
  switch (exec.interactive_mode) {
    case InteractiveMode::kNever:
      return false;
    case InteractiveMode::kIfAvailable:
      return stdin_is_terminal;
    case InteractiveMode::kAlways:
      if (!stdin_is_terminal) {
        throw ExecError(user, "interactiveMode is Always but standard input is not a terminal",
                        "run it from a terminal, or set interactiveMode: IfAvailable");
      }
      return true;
  }
  return false;
}

std::string ExecInfo(const ExecConfig& exec, const Cluster& cluster, const std::string& ca_pem,
                     bool interactive) {
  nlohmann::ordered_json spec = {{"interactive", interactive}};
  if (exec.provide_cluster_info) {
    nlohmann::ordered_json c = {{"server", cluster.server}};
    if (!cluster.tls_server_name.empty()) c["tls-server-name"] = cluster.tls_server_name;
    if (cluster.insecure_skip_tls_verify) c["insecure-skip-tls-verify"] = true;
    if (!ca_pem.empty()) c["certificate-authority-data"] = encoding::Base64(ca_pem);
    if (!cluster.proxy_url.empty()) c["proxy-url"] = cluster.proxy_url;
    if (cluster.disable_compression) c["disable-compression"] = true;
    if (cluster.exec_extension) c["config"] = *cluster.exec_extension;
    spec["cluster"] = std::move(c);
  }
  nlohmann::ordered_json info = {
      {"kind", "ExecCredential"}, {"apiVersion", exec.api_version}, {"spec", spec}};
  return info.dump() + "\n";  // client-go's json.Encoder ends the document with a newline
}

ProcessRequest ExecRequest(const ExecConfig& exec, const std::string& exec_info, bool interactive) {
  ProcessRequest r;
  r.argv.push_back(exec.command);
  r.argv.insert(r.argv.end(), exec.args.begin(), exec.args.end());
  for (const auto& [name, value] : exec.env) r.env[name] = value;
  r.env[kExecInfoVar] = exec_info;
  r.inherit_stdin = interactive;
  r.capture_stderr = false;
  return r;
}

Credential ParseExecCredential(const ExecConfig& exec, std::string_view out, const User& user) {
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw ExecError(user, "its output is not an ExecCredential JSON object",
                    "run it yourself to see what it prints: " + CommandLine(exec));
  }
  if (Str(j, "kind") != "ExecCredential")
    throw ExecError(user, "its output is not of kind ExecCredential");
  if (const auto version = Str(j, "apiVersion"); version != exec.api_version) {
    throw ExecError(user,
                    fmt::format("it is configured to use API version {}, but returned version {}",
                                exec.api_version, text::Quote(version)));
  }
  auto status = j.find("status");
  if (status == j.end() || !status->is_object())
    throw ExecError(user, "its ExecCredential has no status");
  Credential c;
  c.token = Str(*status, "token");
  c.client_cert_pem = Str(*status, "clientCertificateData");
  c.client_key_pem = Str(*status, "clientKeyData");
  if (c.client_cert_pem.empty() != c.client_key_pem.empty()) {
    throw ExecError(user, "it returned only a certificate or a key, not both");
  }
  if (c.token.empty() && c.client_cert_pem.empty())
    throw ExecError(user, "it returned neither a token nor a certificate");
  if (const auto expiry = Str(*status, "expirationTimestamp"); !expiry.empty()) {
    c.expiry = timestamp::ParseRfc3339(expiry);
    if (!c.expiry)
      throw ExecError(user,
                      fmt::format("expirationTimestamp {} is not RFC 3339", text::Quote(expiry)));
  }
  return c;
}

ExecCredentialSource::ExecCredentialSource(User user, Cluster cluster, std::string ca_pem,
                                           ProcessRunner& runner, Clock clock,
                                           bool stdin_is_terminal, const deadline::Deadline& limit)
    : user_(std::move(user)),
      cluster_(std::move(cluster)),
      ca_pem_(std::move(ca_pem)),
      runner_(&runner),
      clock_(std::move(clock)),
      stdin_is_terminal_(stdin_is_terminal),
      limit_(limit) {
  if (!user_.exec) throw Error("internal: ExecCredentialSource for a user without exec");
  const auto& v = user_.exec->api_version;
  if (v != kV1 && v != kV1beta1) {
    throw ExecError(
        user_,
        fmt::format("apiVersion {} is not supported (use {} or {})", text::Quote(v), kV1, kV1beta1),
        "update the kubeconfig, e.g. with: aws eks update-kubeconfig --name CLUSTER");
  }
}

Error ExecCredentialSource::TimedOut(const ExecConfig& exec) const {
  return ExecError(user_,
                   fmt::format("it did not finish within {}, the command's time limit "
                               "(--request-timeout; {} when not given); it was stopped",
                               deadline::Describe(limit_.budget()),
                               deadline::Describe(deadline::kDefaultCommandTimeout)),
                   "run it yourself to see where it waits: " + CommandLine(exec) +
                       "; or raise --request-timeout");
}

Credential ExecCredentialSource::Get(bool refresh) {
  if (cached_ && !refresh && (!cached_->expiry || clock_() < *cached_->expiry)) return *cached_;
  const ExecConfig& exec = *user_.exec;
  const bool interactive = ExecInteractive(exec, stdin_is_terminal_, user_);
  auto request = ExecRequest(exec, ExecInfo(exec, cluster_, ca_pem_, interactive), interactive);
  // The plugin draws on the command's deadline (--request-timeout) like every other wait.
  // An interactive plugin waits on the person at the terminal (an MFA code, a browser sign-in):
  // that time is theirs, so it runs without a deadline and without spending the command's.
  // Others are stopped when the deadline is spent.
  ProcessResult result;
  if (interactive) {
    const deadline::UserWait waiting;
    result = runner_->Run(request);
  } else {
    if (limit_.Spent()) throw TimedOut(exec);
    request.timeout = limit_.Clamp(std::chrono::milliseconds(0));
    result = runner_->Run(request);
  }
  if (result.not_found) {
    throw ExecError(user_, "the command was not found",
                    exec.install_hint.empty() ? "install it, or fix 'command' in the kubeconfig"
                                              : std::string(text::Trim(exec.install_hint)));
  }
  if (result.timed_out) throw TimedOut(exec);
  if (result.exit_code != 0) {
    throw ExecError(
        user_,
        fmt::format("it failed with exit code {} (its messages are above)", result.exit_code),
        "run it yourself to see why: " + CommandLine(exec));
  }
  cached_ = ParseExecCredential(exec, result.out, user_);
  return *cached_;
}

}  // namespace ssomap::kube
