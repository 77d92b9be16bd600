#pragma once
/// client-go exec credential plugins (client.authentication.k8s.io/v1 and v1beta1): the pure
/// request and reply handling, and a CredentialSource that runs the plugin through ProcessRunner.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/process.hpp"
#include "kube/credential.hpp"
#include "kube/kubeconfig.hpp"

namespace ssomap::kube {

/// Whether the plugin runs interactively: IfAvailable/Always with a terminal on stdin. Always
/// without a terminal throws ssomap::Error ("standard input is not a terminal").
bool ExecInteractive(const ExecConfig& exec, bool stdin_is_terminal, const User& user);

/// The KUBERNETES_EXEC_INFO value: an ExecCredential of the configured apiVersion with
/// spec.interactive, and spec.cluster when provideClusterInfo (`ca_pem` is the cluster's CA).
std::string ExecInfo(const ExecConfig& exec, const Cluster& cluster, const std::string& ca_pem,
                     bool interactive);

/// The process to run: argv, exec.env and KUBERNETES_EXEC_INFO; stderr passes through to ours;
/// stdin is the user's only when interactive.
ProcessRequest ExecRequest(const ExecConfig& exec, const std::string& exec_info, bool interactive);

/// Parses the plugin's stdout. Throws ssomap::Error naming the user and the problem: not JSON,
/// another kind or apiVersion, no status, a certificate without a key, no credential at all, a
/// bad expirationTimestamp.
Credential ParseExecCredential(const ExecConfig& exec, std::string_view out, const User& user);

/// Runs a user's exec plugin and caches the credential until its expirationTimestamp (for the
/// whole run when it has none); refresh (after a 401) runs it again.
class ExecCredentialSource final : public CredentialSource {
 public:
  /// `user.exec` must be set. `ca_pem` is the cluster's CA for spec.cluster. A non-interactive
  /// run of the plugin is stopped when `limit` (the command's --request-timeout) is spent, with
  /// an error saying so; an interactive one waits on the user, and that time is not charged.
  ExecCredentialSource(User user, Cluster cluster, std::string ca_pem, ProcessRunner& runner,
                       Clock clock, bool stdin_is_terminal,
                       const deadline::Deadline& limit = deadline::Command());
  Credential Get(bool refresh) override;
  bool Refreshable() const override { return true; }

 private:
  User user_;
  Cluster cluster_;
  std::string ca_pem_;
  ProcessRunner* runner_;
  Clock clock_;
  bool stdin_is_terminal_;
  const deadline::Deadline& limit_;
  std::optional<Credential> cached_;

  Error TimedOut(const ExecConfig& exec) const;
};

}  // namespace ssomap::kube
