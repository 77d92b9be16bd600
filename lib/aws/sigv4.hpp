#pragma once
/// AWS Signature Version 4. The stages (canonical request, string to sign, signing key,
/// signature) are pure functions with the time and credentials as inputs; the helpers at the
/// bottom apply them to a net::Request. (Owner: the SigV4 work; the staged API is declared below
/// these two entry points.)

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "core/clock.hpp"
#include "net/transport.hpp"

namespace ssomap::aws::sigv4 {

/// Where and when a request is signed.
struct Scope {
  std::string region;   ///< e.g. "us-east-1"
  std::string service;  ///< signing name, e.g. "sts", "eks", "sso" (portal uses bearer tokens, not SigV4)
  TimePoint time;
};

/// Signs `request` in place with header authentication: adds `X-Amz-Date`,
/// `X-Amz-Security-Token` (when the credentials have a session token), `X-Amz-Content-SHA256`
/// only where the service needs it, and `Authorization`. The `Host` header is derived from the URL.
void SignRequest(net::Request& request, const Credentials& credentials, const Scope& scope);

/// A presigned URL (query authentication) for `request`, valid for `expires`; headers already in
/// `request.headers` (e.g. `x-k8s-aws-id`) are signed in.
std::string PresignUrl(const net::Request& request, const Credentials& credentials, const Scope& scope,
                       std::chrono::seconds expires);

}  // namespace ssomap::aws::sigv4
