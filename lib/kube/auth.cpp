#include "kube/auth.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/log.hpp"
#include "kube/auth_static.hpp"
#include "kube/exec_plugin.hpp"

namespace ssomap::kube {
namespace {

/// Verbosity at which the native-token fallback is explained (kubectl's -v 4: debug detail).
constexpr int kFallbackLogLevel = 4;

/// A dynamic token with a static client certificate beside it.
class LayeredCredentialSource final : public CredentialSource {
 public:
  LayeredCredentialSource(Credential fixed, std::unique_ptr<CredentialSource> dynamic)
      : fixed_(std::move(fixed)), dynamic_(std::move(dynamic)) {}
  Credential Get(bool refresh) override {
    Credential c = dynamic_->Get(refresh);
    if (c.client_cert_pem.empty()) {
      c.client_cert_pem = fixed_.client_cert_pem;
      c.client_key_pem = fixed_.client_key_pem;
    }
    return c;
  }
  bool Refreshable() const override { return true; }

 private:
  Credential fixed_;
  std::unique_ptr<CredentialSource> dynamic_;
};

}  // namespace

NativeEksCredentialSource::NativeEksCredentialSource(EksExec exec, NativeTokenSource& native,
                                                     std::unique_ptr<CredentialSource> fallback,
                                                     Clock clock)
    : exec_(std::move(exec)),
      native_(&native),
      fallback_(std::move(fallback)),
      clock_(std::move(clock)) {}

Credential NativeEksCredentialSource::Get(bool refresh) {
  if (!use_fallback_) {
    if (cached_ && !refresh && (!cached_->expiry || clock_() < *cached_->expiry)) return *cached_;
    try {
      cached_ = native_->Token(exec_);
      return *cached_;
    } catch (const Error& e) {
      use_fallback_ = true;
      cached_.reset();
      log::Write(kFallbackLogLevel,
                 fmt::format("native EKS token failed ({}); running the exec plugin", e.what()));
    }
  }
  return fallback_->Get(refresh);
}

std::unique_ptr<CredentialSource> CredentialsFor(const ResolvedContext& context,
                                                 const ClusterEndpoint& endpoint,
                                                 const FileReader& read, const AuthSeams& seams) {
  Credential fixed = StaticCredential(context.user, read);
  if (!context.user.exec || !fixed.token.empty() || !fixed.basic_user.empty()) {
    return std::make_unique<StaticCredentialSource>(std::move(fixed));
  }
  std::unique_ptr<CredentialSource> dynamic =
      std::make_unique<ExecCredentialSource>(context.user, context.cluster, endpoint.tls.ca_pem,
                                             seams.processes, seams.clock, seams.stdin_is_terminal);
  if (seams.native != nullptr) {
    std::string why_not;
    if (auto eks = ParseEksExec(*context.user.exec, &why_not)) {
      dynamic = std::make_unique<NativeEksCredentialSource>(std::move(*eks), *seams.native,
                                                            std::move(dynamic), seams.clock);
    } else {
      log::Write(kFallbackLogLevel, fmt::format("exec plugin of user '{}' runs as configured: {}",
                                                context.user.name, why_not));
    }
  }
  if (fixed.client_cert_pem.empty()) return dynamic;
  return std::make_unique<LayeredCredentialSource>(std::move(fixed), std::move(dynamic));
}

}  // namespace ssomap::kube
