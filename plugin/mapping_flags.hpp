#pragma once
/// Flags shared by `add` and `remove`: which identity, and (for add) what it is granted.

#include <cxxopts.hpp>

#include "aws/arn.hpp"
#include "command.hpp"
#include "ops/mapping_plan.hpp"

namespace ssomap::cli {

/// `--arn` (and `--profile`, which is global).
void AddIdentityFlags(cxxopts::Options& options);
/// `--admin`, `--group`, `--view`, `--username`, `--overwrite`.
void AddGrantFlags(cxxopts::Options& options);

/// The aws-auth form of `arn` (--arn), noting a removed path on stderr.
aws::AwsAuthIdentity IdentityFromArn(const std::string& arn, Io& io);

/// The warning --admin earns (stderr).
void WarnAdmin(Io& io);

/// Prints the plan's notes and a one-line summary of what changed, on stderr.
void ReportPlan(const ops::MappingPlan& plan, bool dry_run, Io& io);

}  // namespace ssomap::cli
