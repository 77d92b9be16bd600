#pragma once
/// What `add`, `remove` and `restore` share on a live cluster: --dry-run, the identity from
/// --profile (via STS) or --arn, and the data diff they print.

#include <optional>
#include <string>

#include <cxxopts.hpp>

#include "aws/arn.hpp"
#include "command.hpp"
#include "ops/aws_auth_store.hpp"

namespace ssomap::cli {

/// `--dry-run[=client|server|none]` (kubectl's flag; bare `--dry-run` means client).
void AddDryRunFlag(cxxopts::Options& options);

/// The identity to map: `arn` (any form), else the caller of the global --profile asked of STS
/// (said on stderr). ParseAddArgs/ParseRemoveArgs have checked that exactly one is given.
aws::AwsAuthIdentity ResolveIdentity(const std::optional<std::string>& arn, const Invocation& inv,
                                     Io& io);

/// Prints the change as a unified diff of the data (stdout: under --dry-run it is the result).
void PrintDataDiff(const awsauth::Data& before, const awsauth::Data& after, Io& io);

}  // namespace ssomap::cli
