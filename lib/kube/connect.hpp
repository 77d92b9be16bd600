#pragma once
/// From the global flags to a ready client: load the kubeconfig, resolve the context, map TLS,
/// set up authentication once. The entry point for commands that talk to a cluster.

#include <chrono>
#include <ostream>
#include <string>

#include "core/environment.hpp"
#include "kube/auth.hpp"
#include "kube/client.hpp"
#include "kube/context.hpp"
#include "kube/kubeconfig_loader.hpp"
#include "net/transport.hpp"

namespace ssomap::kube {

/// The kubectl flags that pick the cluster (GlobalOptions has the same fields).
struct ConnectOptions {
  std::string kubeconfig;                        ///< --kubeconfig
  std::string context;                           ///< --context
  std::string namespace_;                        ///< -n/--namespace
  std::chrono::milliseconds request_timeout{0};  ///< --request-timeout
  ImpersonationFlags impersonate{};              ///< --as, --as-uid, --as-group
};

struct ConnectSeams {
  const Environment& env;
  net::Transport& transport;  ///< real: a RetryingTransport over a CurlTransport
  ProcessRunner& processes;   ///< exec plugins
  std::ostream& err;          ///< warnings (insecure-skip-tls-verify)
  Clock clock = SystemClock();
  FileReader read = RealFileReader();
  NativeTokenSource* native = nullptr;  ///< native EKS tokens; null = always run the exec
  bool stdin_is_terminal = false;       ///< for exec interactiveMode
};

/// The kubeconfig loaded and the context resolved, without touching the network or credentials
/// (for ExecProfile and messages). Throws ssomap::Error naming the file and the fix.
ResolvedContext LoadContext(const ConnectOptions& options, const Environment& env,
                            const FileReader& read);

/// A client for the chosen context and what commands need to know about it.
struct Connection {
  ResolvedContext context;  ///< name, effective namespace, cluster, user
  Client client;
};

/// Loads, resolves and sets up TLS and authentication once; no request is sent yet.
Connection Connect(const ConnectOptions& options, const ConnectSeams& seams);

}  // namespace ssomap::kube
