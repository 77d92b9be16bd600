#pragma once
/// The static credentials of a kubeconfig user: token, tokenFile, client certificate and key
/// (file or data), basic auth.

#include "kube/credential.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/kubeconfig_loader.hpp"

namespace ssomap::kube {

/// The user's static credentials, files read now (once per run). `token` wins over `tokenFile`;
/// `*-data` wins over the file. A certificate without a key (or the reverse), an unreadable file,
/// bad base64 or an `auth-provider` are errors naming the kubeconfig file.
Credential StaticCredential(const User& user, const FileReader& read);

/// A CredentialSource that always returns one credential.
class StaticCredentialSource final : public CredentialSource {
 public:
  explicit StaticCredentialSource(Credential credential) : credential_(std::move(credential)) {}
  Credential Get(bool) override { return credential_; }
  bool Refreshable() const override { return false; }

 private:
  Credential credential_;
};

}  // namespace ssomap::kube
