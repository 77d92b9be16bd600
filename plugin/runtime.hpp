#pragma once
/// The composition root: the real seams (environment, process runner, MFA prompt, one libcurl
/// transport with retries, clock, sleeper, random source, native EKS tokens, backups), built once
/// per run and handed to the use cases. The only file of plugin/ that names lib/net and lib/kube.

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "global_options.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/completion_values.hpp"
#include "ops/doctor.hpp"
#include "ops/eks_target.hpp"
#include "ops/presented_identity.hpp"
#include "ops/restore.hpp"
#include "ops/whoami.hpp"

namespace ssomap::cli {

class Runtime {
 public:
  /// Nothing is opened yet: the cluster is connected on first use. `err` gets kubeconfig
  /// warnings and must outlive the runtime.
  Runtime(GlobalOptions global, std::ostream& err);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// The credential chain's seams (aws::ProfileSeams): for `whoami`, `token` and `--profile`.
  ops::WhoamiSeams Whoami();
  /// The aws-auth write on the chosen context: connects (throws ssomap::Error), with backups.
  ops::WriteSeams Write();
  /// `restore`'s seams on the chosen context (connects; throws ssomap::Error), asking with
  /// `confirm`.
  ops::RestoreSeams Restore(std::function<bool(const ops::RestorePlan&)> confirm);
  /// `doctor`'s seams; the cluster is connected when doctor reaches that step.
  ops::DoctorSeams Doctor();
  /// The client of the chosen context, connected on first use. Throws ssomap::Error.
  kube::Client& Client();
  /// The chosen context's name (connects first).
  const std::string& ContextName();
  /// The effective namespace: -n, else the context's, else "default" (connects first).
  const std::string& Namespace();
  /// The chosen cluster's backups (keyed by its identity, never by the context's name) under
  /// BackupStore::DefaultRoot, keeping $KUBECTL_SSOMAP_BACKUP_KEEP per cluster (connects first).
  const ops::BackupStore& Backups();
  /// The EKS cluster of the chosen context (connects first), opened with the administrator's
  /// credentials; nullptr when it cannot be told and not `required` (ops::OpenEksTarget).
  std::unique_ptr<ops::EksTarget> Eks(const ops::EksTargetRequest& request, bool required);
  /// The identity `whoami` and `doctor` test: --profile, else what the chosen context's exec
  /// presents (ops::ChoosePresentedIdentity). Loads the kubeconfig only; no request is sent.
  ops::PresentedIdentity Presented();

 private:
  struct Parts;
  kube::Connection& Cluster();

  GlobalOptions global_;
  std::ostream& err_;
  std::unique_ptr<Parts> parts_;
};

/// The real seams of shell completion (`__complete`): the same environment and exec plugins as a
/// command, but one libcurl transport without retries whose requests give up after `timeout`.
class CompletionRuntime {
 public:
  explicit CompletionRuntime(std::chrono::milliseconds timeout);
  ~CompletionRuntime();
  CompletionRuntime(const CompletionRuntime&) = delete;
  CompletionRuntime& operator=(const CompletionRuntime&) = delete;

  ops::CompletionSeams Seams();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace ssomap::cli
