// The fixes for EKS's error codes.
#include "aws/eks_errors.hpp"

#include <fmt/format.h>

#include "aws/sso_portal.hpp"

namespace ssomap::aws {
namespace {

/// What to do about `code`; empty when we know nothing better than the message.
std::string HintFor(std::string_view code, std::string_view operation) {
  if (code == "ResourceNotFoundException") {
    return operation == "DescribeCluster"
               ? "check the cluster name and region (--cluster-name, --region): `aws eks "
                 "list-clusters --region REGION` lists them"
               : "the cluster or access entry does not exist: `kubectl ssomap list` shows what "
                 "does";
  }
  if (code == "ResourceInUseException")
    return "the access entry already exists; re-run with --overwrite to update it";
  if (code == "InvalidParameterException")
    return "a principal must be an IAM role or user ARN with its IAM path (IAM GetRole gives "
           "it), never an STS session ARN; node entries take no groups or policies";
  if (code == "InvalidRequestException")
    return "the cluster's authentication mode may not admit access entries: `aws eks "
           "update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP`";
  if (code == "ResourceLimitExceededException")
    return "the cluster has as many access entries as EKS allows: delete unused ones "
           "(`kubectl ssomap remove`) or ask AWS for a higher quota";
  if (code == "AccessDeniedException")
    return fmt::format(
        "the administrator's credentials may not call eks:{}: choose a profile that may with "
        "--admin-profile",
        operation);
  if (code == "ServerException" || code == "ServiceUnavailableException" ||
      code == "TooManyRequestsException")
    return "EKS could not answer now; try again in a minute";
  if (code == "ClientException")
    return "EKS refused the request as given; check the cluster name, region and principal";
  if (IsAuthenticationCode(code))
    return "the administrator's AWS credentials were rejected: sign in again (`aws sso login "
           "--profile PROFILE`) or choose another with --admin-profile";
  return {};
}

}  // namespace

ServiceError EksErrorFor(std::string_view operation, const net::Response& response) {
  // The code as botocore reads it (header x-amzn-ErrorType, else body code/Code/__type), or
  // "HTTP <status>" when the reply has none.
  auto error = ParseRestJsonError(response);
  const std::string& code = error.code;
  for (char& c : error.message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string message = error.message.empty()
                            ? fmt::format("EKS {}: {}", operation, code)
                            : fmt::format("EKS {}: {}: {}", operation, code, error.message);
  const bool auth = code == "AccessDeniedException" || IsAuthenticationCode(code);
  return ServiceError(message, HintFor(code, operation), auth ? Exit::kAuth : Exit::kError, code,
                      response.status);
}

}  // namespace ssomap::aws
