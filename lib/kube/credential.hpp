#pragma once
/// What a request presents to the API server, and the seam that produces it.

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace ssomap::kube {

/// Credentials for one request: a bearer token, basic auth, and/or a client certificate.
struct Credential {
  std::string token;           ///< bearer token; a secret
  std::string basic_user;      ///< basic auth user (deprecated in Kubernetes, still honoured)
  std::string basic_password;  ///< a secret
  std::string client_cert_pem;
  std::string client_key_pem;       ///< a secret
  std::optional<TimePoint> expiry;  ///< when it must be fetched again; nullopt = for the whole run

  bool Empty() const { return token.empty() && basic_user.empty() && client_cert_pem.empty(); }
};

/// Produces the credentials of one kubeconfig user. Implementations cache what they fetch.
class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  /// The credentials to use now; `refresh` discards a cached one (after a 401).
  virtual Credential Get(bool refresh) = 0;
  /// Whether fetching again can cure a 401 (exec plugins and EKS tokens can; a static token
  /// cannot).
  virtual bool Refreshable() const = 0;
};

}  // namespace ssomap::kube
