#include "net/curl_errors.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.hpp"
#include "net/transport_error.hpp"

namespace ssomap::net {
namespace {

std::string Seconds(std::chrono::milliseconds ms) {
  return ms.count() % 1000 == 0 ? fmt::format("{}s", ms.count() / 1000)
                                : fmt::format("{}ms", ms.count());
}

}  // namespace

void ThrowCurlError(CURLcode rc, const std::string& host, const char* buffer,
                    std::chrono::milliseconds timeout, const TlsOptions& tls) {
  std::string detail =
      std::string(text::Trim(buffer && buffer[0] ? buffer : curl_easy_strerror(rc)));
  std::replace(detail.begin(), detail.end(), '\n', ' ');
  const bool reset = detail.find("reset") != std::string::npos;
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      throw TransportError(FailureKind::kResolve, fmt::format("cannot resolve host {}", host),
                           "check the endpoint URL and the network (DNS, VPN)");
    case CURLE_COULDNT_RESOLVE_PROXY:
      throw TransportError(FailureKind::kResolve,
                           fmt::format("cannot resolve the proxy for {}: {}", host, detail),
                           "check HTTPS_PROXY / https_proxy (or the kubeconfig's proxy-url)");
    case CURLE_COULDNT_CONNECT:
      throw TransportError(FailureKind::kConnect,
                           fmt::format("cannot connect to {}: {}", host, detail));
    case CURLE_OPERATION_TIMEDOUT:
      throw TransportError(FailureKind::kTimeout,
                           fmt::format("request to {} timed out after {}", host, Seconds(timeout)),
                           "raise --request-timeout or check the network");
    case CURLE_PEER_FAILED_VERIFICATION:
      throw TransportError(
          FailureKind::kTls,
          fmt::format("TLS certificate of {} could not be verified: {}", host, detail),
          "check the CA bundle (AWS_CA_BUNDLE or ca_bundle for AWS, certificate-authority for "
          "the cluster) and the server name");
    case CURLE_SSL_CACERT_BADFILE:
      throw TransportError(
          FailureKind::kTls,
          fmt::format("cannot use the CA bundle {} for {}: {}",
                      tls.ca_file.empty() ? std::string("(in memory)") : text::Quote(tls.ca_file),
                      host, detail));
    case CURLE_SSL_CERTPROBLEM:
      throw TransportError(
          FailureKind::kTls,
          fmt::format("cannot use the client certificate for {}: {}", host, detail));
    case CURLE_SSL_CONNECT_ERROR:
      throw TransportError(reset ? FailureKind::kConnect : FailureKind::kTls,
                           fmt::format("TLS handshake with {} failed: {}", host, detail));
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      throw TransportError(FailureKind::kDropped,
                           fmt::format("connection to {} was dropped: {}", host, detail));
    default:
      throw TransportError(FailureKind::kOther,
                           fmt::format("request to {} failed: {}", host, detail));
  }
}

}  // namespace ssomap::net
