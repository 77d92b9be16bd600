#pragma once
/// Kubernetes Status objects (kind: Status) as typed errors with one-line messages.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "net/transport.hpp"

namespace ssomap::kube {

/// A failed API call. It is an ssomap::Error (printed once at the top like any other), and
/// carries the Status fields for callers that branch on them (404 → create, 409 → re-read).
class ApiError : public Error {
 public:
  ApiError(const std::string& message, std::string hint, Exit exit, long code, std::string reason,
           std::string server_message, std::optional<int> retry_after_seconds);

  long code() const noexcept { return code_; }
  /// StatusReason: NotFound, AlreadyExists, Conflict, Forbidden, Unauthorized, Invalid,
  /// TooManyRequests, InternalError, ServiceUnavailable, Timeout, BadRequest, ... or "Unknown".
  const std::string& reason() const noexcept { return reason_; }
  /// The server's own `message`, unchanged.
  const std::string& server_message() const noexcept { return server_message_; }
  /// details.retryAfterSeconds or the Retry-After header, when given.
  std::optional<int> retry_after_seconds() const noexcept { return retry_after_; }

  bool IsNotFound() const noexcept { return reason_ == "NotFound"; }
  bool IsAlreadyExists() const noexcept { return reason_ == "AlreadyExists"; }
  bool IsConflict() const noexcept { return reason_ == "Conflict"; }

 private:
  long code_;
  std::string reason_;
  std::string server_message_;
  std::optional<int> retry_after_;
};

/// Who asked what, for messages.
struct RequestInfo {
  std::string method;    ///< GET, POST, PUT
  std::string path;      ///< e.g. /api/v1/namespaces/kube-system/configmaps/aws-auth
  std::string server;    ///< the API server URL
  std::string identity;  ///< "context 'x' (user 'y')"
};

/// The reason Kubernetes uses for an HTTP status when the body is not a Status object.
std::string ReasonForCode(long code);

/// The error for a non-2xx `response`: its Status object when the body is one, else the HTTP
/// status (a non-JSON body is quoted, shortened). Unauthorized names the identity and points at
/// `kubectl ssomap doctor`; Forbidden keeps the server's message, which names verb and resource.
ApiError ErrorFromResponse(const net::Response& response, const RequestInfo& request);

}  // namespace ssomap::kube
