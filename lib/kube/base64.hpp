#pragma once
/// The standard base64 of kubeconfig `*-data` fields (PEM certificates and keys), of basic
/// auth, and of `certificate-authority-data` handed to exec plugins.

#include <optional>
#include <string>
#include <string_view>

namespace ssomap::kube {

/// Decodes RFC 4648 base64 (standard alphabet; padding optional; whitespace and line breaks
/// ignored, as Go's decoder for kubeconfig data tolerates them). nullopt when malformed.
std::optional<std::string> DecodeBase64(std::string_view text);

/// Standard base64 with '=' padding.
std::string EncodeBase64(std::string_view bytes);

}  // namespace ssomap::kube
