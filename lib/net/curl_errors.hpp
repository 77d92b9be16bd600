#pragma once
/// libcurl failures as net::TransportError: one line naming the host and the cause, with the kind
/// that RetryingTransport decides on. A certificate that fails verification says so, and the hint
/// points at the CA bundle, never at disabling verification.

#include <chrono>
#include <string>

#include <curl/curl.h>

#include "net/transport.hpp"

namespace ssomap::net {

/// Throws the TransportError for `rc` from a request to `host` (host[:port]). `detail` is
/// curl's error buffer (may be empty); `timeout` the limit that applied; `tls` names the CA file.
[[noreturn]] void ThrowCurlError(CURLcode rc, const std::string& host, const char* detail,
                                 std::chrono::milliseconds timeout, const TlsOptions& tls);

}  // namespace ssomap::net
