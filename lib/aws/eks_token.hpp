#pragma once
/// The EKS bearer token, made exactly as `aws eks get-token` makes it: a presigned STS
/// GetCallerIdentity GET URL with `x-k8s-aws-id: <cluster>` signed in, base64url-encoded without
/// padding behind `k8s-aws-v1.`; and the ExecCredential that carries it to kubectl.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "core/clock.hpp"

namespace ssomap::aws {

/// What aws-iam-authenticator looks for in front of the encoded URL.
inline constexpr std::string_view kEksTokenPrefix = "k8s-aws-v1.";
/// The header naming the cluster; the authenticator rejects tokens that do not sign it.
inline constexpr std::string_view kClusterIdHeader = "x-k8s-aws-id";
/// X-Amz-Expires of the URL. STS ignores it; authenticators up to 0.3.0 checked it (CLI
/// URL_TIMEOUT).
inline constexpr std::chrono::seconds kPresignExpires{60};
/// The authenticator accepts a token for 15 minutes after X-Amz-Date; the CLI reports one
/// minute less so that kubectl renews in time (TOKEN_EXPIRATION_MINS).
inline constexpr std::chrono::minutes kTokenLifetime{14};
/// ExecCredential apiVersion when KUBERNETES_EXEC_INFO does not name one (the CLI's default).
inline constexpr std::string_view kDefaultExecApiVersion = "client.authentication.k8s.io/v1beta1";

struct EksToken {
  std::string token;     ///< `k8s-aws-v1.…`; a secret: never log it
  TimePoint expiration;  ///< when kubectl should ask again
};

/// The token for `cluster_id` (cluster name, or the id of an Outposts cluster), signed for
/// `region` against `sts_endpoint` (e.g. https://sts.us-west-2.amazonaws.com) at `now`.
EksToken MakeEksToken(std::string_view cluster_id, const Credentials& credentials,
                      std::string_view sts_endpoint, std::string_view region, TimePoint now);

/// The ExecCredential apiVersion to answer with, from the KUBERNETES_EXEC_INFO value (JSON with
/// `apiVersion`): v1 and v1beta1 as given, v1alpha1 kept (deprecated); missing, malformed or
/// unknown → v1beta1. `warning`, when given, receives why a given value was not used.
std::string ExecCredentialApiVersion(const std::optional<std::string>& exec_info,
                                     std::string* warning = nullptr);

/// `{"kind":"ExecCredential","apiVersion":…,"spec":{},"status":{"expirationTimestamp":"%Y-%m-%dT%H:%M:%SZ","token":…}}`
/// as the CLI prints it (two-space indent, trailing newline).
std::string ExecCredentialJson(const EksToken& token, std::string_view api_version);

}  // namespace ssomap::aws
