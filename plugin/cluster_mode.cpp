#include "cluster_mode.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "core/diff.hpp"
#include "mapping_flags.hpp"
#include "ops/aws_auth_store.hpp"
#include "ops/whoami.hpp"
#include "runtime.hpp"

namespace ssomap::cli {

void AddDryRunFlag(cxxopts::Options& options) {
  options.add_options()(
      "dry-run",
      "Show the change as a diff and write nothing: client (computed here) or server "
      "(the API server validates it with dryRun=All)",
      cxxopts::value<std::string>()->implicit_value("client"), "none|client|server");
}

aws::AwsAuthIdentity ResolveIdentity(const std::optional<std::string>& arn, const Invocation& inv,
                                     Io& io) {
  if (arn) return IdentityFromArn(*arn, io);
  auto seams = inv.runtime.Whoami();
  const auto who =
      ops::Whoami({inv.global.profile, inv.global.region, inv.global.request_timeout}, seams);
  auto id = aws::AwsAuthForm(who.arn);
  fmt::print(io.err, "profile {} is {}\n", inv.global.profile, who.arn);
  if (id.arn != who.arn) fmt::print(io.err, "note: aws-auth compares the role ARN {}\n", id.arn);
  return id;
}

void PrintDataDiff(const awsauth::Data& before, const awsauth::Data& after, Io& io) {
  const auto diff = diff::Unified(ops::DataForDiff(before), ops::DataForDiff(after),
                                  "kube-system/aws-auth (live)", "kube-system/aws-auth (changed)");
  io.out << diff;
}

}  // namespace ssomap::cli
