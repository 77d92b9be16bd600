#pragma once
/// A kubeconfig cluster's TLS and proxy settings as the transport takes them.

#include <string>
#include <vector>

#include "kube/kubeconfig.hpp"
#include "kube/kubeconfig_loader.hpp"
#include "net/transport.hpp"

namespace ssomap::kube {

/// How to reach a cluster's API server.
struct ClusterEndpoint {
  std::string server;                 ///< base URL without a trailing '/'
  net::TlsOptions tls;                ///< CA, server name; client certificates are added by auth
  std::string proxy;                  ///< proxy-url, or empty for the environment's
  std::vector<std::string> warnings;  ///< to print on stderr (insecure-skip-tls-verify)
};

/// Maps `cluster`: certificate-authority-data (wins over the file, as in client-go) or
/// certificate-authority read into `tls.ca_pem`; tls-server-name; proxy-url;
/// insecure-skip-tls-verify honoured only as the kubeconfig says, with a warning. A CA together
/// with insecure, an unreadable CA file, bad base64 or a non-https server are errors naming the
/// file. Verification is never turned off by anything else.
ClusterEndpoint EndpointFor(const Cluster& cluster, const FileReader& read);

}  // namespace ssomap::kube
