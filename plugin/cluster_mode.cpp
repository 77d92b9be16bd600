#include "cluster_mode.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "aws/terminal_prompt.hpp"
#include "core/diff.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "core/process.hpp"
#include "mapping_flags.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"
#include "ops/whoami.hpp"
#include "ssomap_build_info.hpp"

namespace ssomap::cli {

void AddDryRunFlag(cxxopts::Options& options) {
  options.add_options()(
      "dry-run",
      "Show the change as a diff and write nothing: client (computed here) or server "
      "(the API server validates it with dryRun=All)",
      cxxopts::value<std::string>()->implicit_value("client"), "none|client|server");
}

ops::DryRunMode DryRunFrom(const cxxopts::ParseResult& flags) {
  if (!flags.count("dry-run")) return ops::DryRunMode::kNone;
  const auto value = flags["dry-run"].as<std::string>();
  if (value == "client") return ops::DryRunMode::kClient;
  if (value == "server") return ops::DryRunMode::kServer;
  if (value == "none") return ops::DryRunMode::kNone;
  throw UsageError(fmt::format("--dry-run must be none, client or server, not \"{}\"", value));
}

std::unique_ptr<kube::Session> OpenCluster(const Invocation& inv, Io& io) {
  const auto& g = inv.global;
  return kube::Session::Open(
      {g.kubeconfig, g.context, g.namespace_, g.request_timeout, {g.as, g.as_uid, g.as_groups}},
      io.err, true);
}

aws::AwsAuthIdentity IdentityFromFlags(const Invocation& inv, Io& io) {
  const bool arn = inv.flags.count("arn") > 0;
  const bool profile = !inv.global.profile.empty();
  if (arn && profile) throw UsageError("--arn and --profile both name the identity; pass one");
  if (arn) return IdentityFromArn(inv.flags, io);
  if (!profile) {
    throw UsageError("say which identity: --profile P (its SSO role, asked of STS) or --arn ARN",
                     "e.g. kubectl ssomap add --profile my-sso-profile --admin");
  }
  ProcessEnvironment env;
  RealProcessRunner processes;
  aws::TerminalPrompt prompt;
  net::CurlTransport curl;
  net::RetryingTransport transport(curl);
  ops::WhoamiSeams seams{
      env,           transport, processes,
      SystemClock(), &prompt,   [](int level, std::string_view line) { log::Write(level, line); }};
  const auto who =
      ops::Whoami({inv.global.profile, inv.global.region, inv.global.request_timeout}, seams);
  auto id = aws::AwsAuthForm(who.arn);
  fmt::print(io.err, "profile {} is {}\n", inv.global.profile, who.arn);
  if (id.arn != who.arn) fmt::print(io.err, "note: aws-auth compares the role ARN {}\n", id.arn);
  return id;
}

ops::BackupStore Backups(const kube::Session& session) {
  ProcessEnvironment env;
  return ops::BackupStore(ops::BackupStore::DefaultRoot(env),
                          ops::ClusterIdentityOf(session.context()), SSOMAP_VERSION,
                          ops::BackupStore::KeepFrom(env));
}

ops::WriteSeams WriteSeamsFor(kube::Session& session, const ops::BackupStore& backups) {
  return {session.client(),
          &backups,
          session.context().name,
          SystemClock(),
          net::RealSleeper(),
          net::RealRandom(),
          [](const std::string& line) { log::Write(1, line); }};
}

void PrintDataDiff(const awsauth::Data& before, const awsauth::Data& after, Io& io) {
  const auto diff = diff::Unified(ops::DataForDiff(before), ops::DataForDiff(after),
                                  "kube-system/aws-auth (live)", "kube-system/aws-auth (changed)");
  io.out << diff;
}

}  // namespace ssomap::cli
