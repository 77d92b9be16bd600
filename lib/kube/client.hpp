#pragma once
/// The Kubernetes REST client: JSON over HTTPS through net::Transport, with one TLS and auth
/// set-up per run, Status objects turned into kube::ApiError, and one credential refresh on 401.
/// Retries of 429/5xx/connection failures belong to the transport (net::RetryingTransport).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kube/api_error.hpp"
#include "kube/credential.hpp"
#include "kube/impersonation.hpp"
#include "kube/tls.hpp"
#include "net/transport.hpp"

namespace ssomap::kube {

/// `--dry-run=server` sends `dryRun=All`: every stage runs except persistence.
enum class DryRun { kNone, kAll };

struct ClientSettings {
  ClusterEndpoint endpoint;
  std::string identity;  ///< "context 'x' (user 'y')", for messages
  std::chrono::milliseconds timeout{
      0};  ///< per request (--request-timeout); 0 = the transport's default
  std::string user_agent = net::UserAgent();
  std::string field_manager = "kubectl-ssomap";  ///< sent on writes (URL-safe characters only)
  Impersonation impersonate{};                   ///< sent as Impersonate-* headers on every request
};

class Client {
 public:
  /// `transport` must outlive the client; it keeps connections alive between calls.
  Client(ClientSettings settings, net::Transport& transport,
         std::unique_ptr<CredentialSource> credentials);

  /// GET `path` (may carry a query, e.g. "?labelSelector=a%3Db"). Throws ApiError or ssomap::Error.
  nlohmann::json Get(std::string_view path);
  /// GET, or nullopt on 404 NotFound.
  std::optional<nlohmann::json> GetIfExists(std::string_view path);
  /// POST `object` to the collection `path`; returns the created object. With
  /// Resend::kOnlyIfUnseen, a failure after the request may have arrived (a dropped connection,
  /// a timeout, 5xx) is not retried but thrown: net::TransportError for no reply.
  nlohmann::json Create(std::string_view path, const nlohmann::json& object,
                        DryRun dry_run = DryRun::kNone, net::Resend resend = net::Resend::kAlways);
  /// PUT `object` to `path`; metadata.resourceVersion in `object` makes it conditional (409
  /// Conflict). Never re-sent after it may have arrived (Resend::kOnlyIfUnseen): a replay of an
  /// applied PUT would meet a 409 on its own change.
  nlohmann::json Update(std::string_view path, const nlohmann::json& object,
                        DryRun dry_run = DryRun::kNone);
  /// Update, for callers that read the object back: the reply's status is checked (errors are
  /// the same) but the stored object it carries is not decoded — for a ConfigMap near 1 MiB,
  /// decoding it costs as much as the rest of the request.
  void Put(std::string_view path, const nlohmann::json& object);

  const std::string& server() const noexcept { return settings_.endpoint.server; }
  const std::string& identity() const noexcept { return settings_.identity; }

 private:
  nlohmann::json Call(const std::string& method, std::string_view path, const std::string& body,
                      const std::string& content_type, DryRun dry_run, bool decode_reply = true,
                      net::Resend resend = net::Resend::kAlways);
  net::Request Build(const std::string& method, const std::string& url, const std::string& body,
                     const std::string& content_type, const Credential& credential) const;

  ClientSettings settings_;
  net::Transport* transport_;
  std::unique_ptr<CredentialSource> credentials_;
};

}  // namespace ssomap::kube
