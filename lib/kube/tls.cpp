#include "kube/tls.hpp"

#include <fmt/format.h>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kFixHint = "fix the cluster entry; see it with: kubectl config view --minify";

Error ClusterError(const Cluster& c, const std::string& problem) {
  return Error(fmt::format("kubeconfig {}: cluster {}: {}", c.origin, text::Quote(c.name), problem),
               kFixHint);
}

}  // namespace

ClusterEndpoint EndpointFor(const Cluster& cluster, const FileReader& read) {
  ClusterEndpoint out;
  out.server = cluster.server;
  while (!out.server.empty() && out.server.back() == '/') out.server.pop_back();
  if (out.server.rfind("https://", 0) != 0 && out.server.rfind("http://", 0) != 0) {
    throw ClusterError(
        cluster, fmt::format("server {} is not an https:// URL", text::Quote(cluster.server)));
  }
  const bool has_ca =
      !cluster.certificate_authority_data.empty() || !cluster.certificate_authority.empty();
  if (cluster.insecure_skip_tls_verify) {
    if (has_ca) {
      // client-go refuses this combination rather than guess which one was meant.
      throw ClusterError(
          cluster, "certificate-authority together with insecure-skip-tls-verify is not allowed");
    }
    out.tls.insecure_skip_verify = true;
    out.warnings.push_back(
        fmt::format("warning: TLS verification is off for cluster {} (insecure-skip-tls-verify in "
                    "{}); the server is not authenticated",
                    text::Quote(cluster.name), cluster.origin));
  } else if (!cluster.certificate_authority_data.empty()) {
    auto pem =
        encoding::Base64Decode(cluster.certificate_authority_data, encoding::Whitespace::kSkip);
    if (!pem || pem->empty())
      throw ClusterError(cluster, "certificate-authority-data is not valid base64");
    out.tls.ca_pem = std::move(*pem);
  } else if (!cluster.certificate_authority.empty()) {
    std::optional<std::string> pem;
    try {
      pem = read(cluster.certificate_authority);
    } catch (const Error& e) {
      throw ClusterError(cluster, e.what());
    }
    if (!pem)
      throw ClusterError(cluster, fmt::format("certificate-authority {} does not exist",
                                              cluster.certificate_authority));
    // An empty bundle would leave the system trust store in charge of a cluster's own CA.
    if (pem->empty())
      throw ClusterError(
          cluster, fmt::format("certificate-authority {} is empty", cluster.certificate_authority));
    out.tls.ca_pem = std::move(*pem);
  }
  out.tls.server_name = cluster.tls_server_name;
  out.proxy = cluster.proxy_url;
  return out;
}

}  // namespace ssomap::kube
