#pragma once
/// Choosing how a kubeconfig user authenticates: static credentials, an exec plugin, or a
/// native EKS token in place of `aws eks get-token` (falling back to the exec).

#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/process.hpp"
#include "kube/context.hpp"
#include "kube/credential.hpp"
#include "kube/eks_exec.hpp"
#include "kube/kubeconfig_loader.hpp"
#include "kube/tls.hpp"

namespace ssomap::kube {

/// The seams authentication needs.
struct AuthSeams {
  ProcessRunner& processes;
  Clock clock = SystemClock();
  NativeTokenSource* native = nullptr;  ///< null: always run EKS exec plugins
  bool stdin_is_terminal = false;
};

/// The credential source for `context.user`. Static parts (token, tokenFile, certificate and
/// key) are read now. A static token makes the exec unused (as client-go skips exec when an
/// Authorization header is set); a static certificate is kept beside an exec token. An EKS exec
/// with `seams.native` tries the native token first and runs the exec when that fails (logged
/// at level 4). Throws ssomap::Error for unusable user entries.
std::unique_ptr<CredentialSource> CredentialsFor(const ResolvedContext& context,
                                                 const ClusterEndpoint& endpoint,
                                                 const FileReader& read, const AuthSeams& seams);

/// Tries `native` for `exec`, caching the token until its expiry; on the first failure logs why
/// and uses `fallback` (the exec plugin) from then on.
class NativeEksCredentialSource final : public CredentialSource {
 public:
  NativeEksCredentialSource(EksExec exec, NativeTokenSource& native,
                            std::unique_ptr<CredentialSource> fallback, Clock clock);
  Credential Get(bool refresh) override;
  bool Refreshable() const override { return true; }

 private:
  EksExec exec_;
  NativeTokenSource* native_;
  std::unique_ptr<CredentialSource> fallback_;
  Clock clock_;
  bool use_fallback_ = false;
  std::optional<Credential> cached_;
};

}  // namespace ssomap::kube
