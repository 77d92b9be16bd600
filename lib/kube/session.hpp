#pragma once
/// The real seams for a command that talks to the current cluster: it owns the libcurl transport
/// (with retries), the process runner and the environment, and the Connection built on them.

#include <memory>
#include <ostream>

#include "core/environment.hpp"
#include "core/process.hpp"
#include "kube/connect.hpp"
#include "kube/native_token.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"

namespace ssomap::kube {

/// Usage: `auto s = kube::Session::Open({g.kubeconfig, g.context, g.namespace_, g.request_timeout},
/// err);` then `s->client().Get(...)`. Not movable: the client refers to the transports it owns.
class Session {
 public:
  /// Loads the kubeconfig, resolves the context and sets up TLS and authentication (no request
  /// yet). With `native_tokens`, `aws eks get-token` / `aws-iam-authenticator token` execs are
  /// replaced by the same token made in-process (the exec still runs if that fails).
  /// Throws ssomap::Error.
  static std::unique_ptr<Session> Open(const ConnectOptions& options, std::ostream& err,
                                       bool native_tokens = true);

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Client& client() { return connection_->client; }
  const ResolvedContext& context() const { return connection_->context; }
  /// The retrying transport, for other callers that should share the connection pool.
  net::Transport& transport() { return retrying_; }

 private:
  Session() : retrying_(curl_) {}

  ProcessEnvironment env_;
  net::CurlTransport curl_;
  net::RetryingTransport retrying_;
  RealProcessRunner runner_;
  std::unique_ptr<AwsNativeTokenSource> native_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace ssomap::kube
