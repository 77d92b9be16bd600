// ServiceError and the rest-json error reader.
#include "aws/service_error.hpp"

#include <array>

namespace ssomap::aws {

ServiceError::ServiceError(const std::string& message, std::string hint, Exit exit,
                           std::string code, long status)
    : Error(message, std::move(hint), exit), code_(std::move(code)), status_(status) {}

bool IsAuthenticationCode(std::string_view code) {
  constexpr std::array<std::string_view, 8> kCodes = {"UnrecognizedClientException",
                                                      "InvalidSignatureException",
                                                      "ExpiredTokenException",
                                                      "ExpiredToken",
                                                      "InvalidClientTokenId",
                                                      "SignatureDoesNotMatch",
                                                      "MissingAuthenticationTokenException",
                                                      "IncompleteSignature"};
  for (auto c : kCodes) {
    if (c == code) return true;
  }
  return false;
}

}  // namespace ssomap::aws
