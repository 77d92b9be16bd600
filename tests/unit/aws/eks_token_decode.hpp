#pragma once
/// The presigned URL inside an EKS token, decoded as aws-iam-authenticator's Verify does
/// (pkg/token/token.go: strip `k8s-aws-v1.`, base64.RawURLEncoding): a test's view of what
/// MakeEksToken made. Production never decodes a token; the server side is the sandbox's.

#include <optional>
#include <string>
#include <string_view>

#include "aws/eks_token.hpp"
#include "core/encoding.hpp"

namespace ssomap::testing {

/// The URL, or nullopt when `token` is not `k8s-aws-v1.` + unpadded base64url.
inline std::optional<std::string> DecodeEksToken(std::string_view token) {
  if (!token.starts_with(aws::kEksTokenPrefix)) return std::nullopt;
  std::string standard(token.substr(aws::kEksTokenPrefix.size()));
  if (standard.find_first_of("+/=") != std::string::npos) return std::nullopt;  // RawURL only
  for (char& c : standard) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  return encoding::Base64Decode(standard);
}

}  // namespace ssomap::testing
