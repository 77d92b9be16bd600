#pragma once
/// The error of an EKS reply: its code, a one-line message and the fix for each code the EKS
/// model lists (reference/aws-models/eks-service-2.json `error.httpStatusCode`).

#include <string_view>

#include "aws/service_error.hpp"
#include "net/transport.hpp"

namespace ssomap::aws {

/// The ServiceError for a non-2xx EKS reply to `operation` (e.g. "CreateAccessEntry"): message
/// `EKS <operation>: <Code>: <Message>`; AccessDeniedException and the credential codes exit
/// with Exit::kAuth; an unreadable body still names the HTTP status.
ServiceError EksErrorFor(std::string_view operation, const net::Response& response);

}  // namespace ssomap::aws
