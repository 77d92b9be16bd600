#pragma once
/// AWS service errors that callers branch on (EKS's rest-json codes, IAM's query codes): the one
/// error type of the project (ssomap::Error), carrying the service's code and HTTP status.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace ssomap::aws {

/// An error reply of an AWS service. `what()` is one line `<Service> <Operation>: <Code>:
/// <Message>`; the hint is the remedy we know for the code.
class ServiceError : public Error {
 public:
  ServiceError(const std::string& message, std::string hint, Exit exit, std::string code,
               long status);
  /// The AWS error code, e.g. "ResourceNotFoundException", "NoSuchEntity".
  const std::string& code() const noexcept { return code_; }
  /// The HTTP status of the reply.
  long status() const noexcept { return status_; }

 private:
  std::string code_;
  long status_;
};

/// Codes every AWS service may answer when the credentials are rejected (Exit::kAuth).
bool IsAuthenticationCode(std::string_view code);

}  // namespace ssomap::aws
