#include "ops/aws_auth_store.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "awsauth/checks.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "kube/api_error.hpp"
#include "net/retry.hpp"

namespace ssomap::ops {
namespace {

std::chrono::milliseconds Backoff(const WriteOptions& options, const WriteSeams& seams, int retry) {
  return net::FullJitter(retry, options.base_delay, options.max_delay,
                         seams.random ? seams.random() : 0.5);
}

kube::ConfigMap NewAwsAuth(awsauth::Data data) {
  kube::ConfigMap cm;
  cm.namespace_ = kAwsAuthNamespace;
  cm.name = kAwsAuthName;
  cm.data = std::move(data);
  cm.object = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}};
  return cm;
}

// Entries of `arn` in `source` of `data`.
long CountEntries(const awsauth::Data& data, awsauth::Source source, const std::string& arn) {
  const auto auth = awsauth::Parse(data);
  const auto& list = auth.List(source);
  return std::count_if(list.begin(), list.end(), [&](const awsauth::Mapping& m) {
    return text::EqualsIgnoreCase(m.arn, arn);
  });
}

}  // namespace

void ConfirmPlan(const awsauth::Data& stored, const MappingPlan& plan) {
  // What was written was parsed and verified before writing; the same bytes need no second look.
  if (stored == plan.data) return;
  const auto& want = plan.mapping;
  switch (plan.action) {
    case MappingPlan::Action::kUnchanged:
      return;
    case MappingPlan::Action::kRestore:
      throw Error("aws-auth differs from the backup");
    case MappingPlan::Action::kRemove:
      if (CountEntries(stored, plan.source, want.arn) !=
          CountEntries(plan.data, plan.source, want.arn))
        throw Error(fmt::format("{} is still mapped", want.arn));
      return;
    case MappingPlan::Action::kAdd:
    case MappingPlan::Action::kReplace: {
      const auto auth = awsauth::Parse(stored);
      const auto& list = auth.List(plan.source);
      const long winner = awsauth::WinningIndex(list, want.arn);
      if (winner < 0) throw Error(fmt::format("{} is not mapped", want.arn));
      const auto& got = list[static_cast<std::size_t>(winner)];
      if (got.username != want.username || got.groups != want.groups) {
        throw Error(fmt::format("{} maps to username {}, groups [{}]", want.arn, got.username,
                                text::Join(got.groups, ", ")));
      }
      return;
    }
  }
}

AwsAuthRead ReadAwsAuth(kube::Client& client) {
  AwsAuthRead read;
  read.configmap = kube::GetConfigMap(client, kAwsAuthNamespace, kAwsAuthName);
  return read;
}

std::string DataForDiff(const awsauth::Data& data) {
  std::string out;
  for (const auto& [key, value] : data) {
    out += key + ": |\n";
    std::size_t start = 0;
    while (start < value.size()) {
      auto end = value.find('\n', start);
      if (end == std::string::npos) end = value.size();
      const auto line = value.substr(start, end - start);
      out += line.empty() ? "\n" : "  " + line + "\n";
      start = end + 1;
    }
  }
  return out;
}

namespace {

// Step 1: read (or take the caller's first read), and plan the edit on exactly what was read
// (the planner validates by re-parsing).
AwsAuthRead ReadAndPlan(const Planner& plan, const WriteSeams& seams,
                        std::optional<PlannedRead>& first, WriteResult& result) {
  if (first) {
    AwsAuthRead read = std::move(first->read);
    result.plan = std::move(first->plan);
    first.reset();
    return read;
  }
  AwsAuthRead read = ReadAwsAuth(seams.client);
  result.plan = plan(read.data());
  return read;
}

// An unchanged plan or a client-side dry run ends before writing: true, with `result` filled.
bool EndsWithoutWriting(AwsAuthRead& read, const WriteOptions& options, WriteResult& result) {
  const bool unchanged = result.plan.action == MappingPlan::Action::kUnchanged;
  if (!unchanged && options.dry_run != DryRunMode::kClient) return false;
  result.before = read.data();
  result.after = result.plan.data;
  if (unchanged) result.stored = std::move(read.configmap);
  return true;
}

// Step 2: back up what is about to be replaced.
void BackUp(const AwsAuthRead& read, const WriteOptions& options, const WriteSeams& seams,
            WriteResult& result) {
  if (!read.configmap || options.dry_run != DryRunMode::kNone || seams.backups == nullptr) return;
  result.backup =
      seams.backups->Save(seams.context, kube::ConfigMapObject(*read.configmap), seams.clock());
  log::Logf(1, "saved a backup of aws-auth (resourceVersion {}) to {}",
            read.configmap->resource_version, result.backup->path.string());
}

// Step 3: write with the resourceVersion read; create when there was none. (Large data is moved
// along, not copied: the plan's data goes into the request and comes back after it.) True when
// a server-side dry run answered, which ends the procedure with `result` filled. Throws
// kube::ApiError as the server answers.
bool Write(AwsAuthRead read, kube::DryRun server_dry_run, const WriteSeams& seams,
           WriteResult& result) {
  if (read.configmap) {
    kube::ConfigMap next = std::move(*read.configmap);
    result.before = std::exchange(next.data, std::move(result.plan.data));
    if (server_dry_run == kube::DryRun::kAll) {
      auto stored = kube::UpdateConfigMap(seams.client, next, server_dry_run);
      result.plan.data = std::move(next.data);
      result.after = stored.data;
      result.stored = std::move(stored);
      return true;
    }
    kube::WriteConfigMap(seams.client, next);  // its result is read back in step 4
    result.plan.data = std::move(next.data);
    return false;
  }
  result.before.clear();
  auto created = NewAwsAuth(std::move(result.plan.data));
  auto stored = kube::CreateConfigMap(seams.client, created, server_dry_run);
  result.plan.data = std::move(created.data);
  result.created = true;
  if (server_dry_run != kube::DryRun::kAll) return false;
  result.after = stored.data;
  result.stored = std::move(stored);
  return true;
}

// After a failed write: somebody else wrote (409), deleted (404) or created (AlreadyExists)
// aws-auth since we read it, so wait and read again. Rethrows any other error, and gives up
// after the last attempt.
void WaitAfterRace(const kube::ApiError& e, bool existed, int attempt, const WriteOptions& options,
                   const WriteSeams& seams) {
  const bool raced =
      e.IsConflict() || (existed && e.IsNotFound()) || (!existed && e.IsAlreadyExists());
  if (!raced) throw;  // called from the handler: the original error, as thrown
  if (attempt >= options.max_attempts) {
    throw Error(fmt::format("aws-auth kept changing under us: gave up after {} attempts ({})",
                            attempt, e.reason()),
                "another tool is rewriting aws-auth; run the command again when it is done");
  }
  const auto wait = Backoff(options, seams, attempt);
  log::Logf(1, "aws-auth changed since it was read ({}); reading it again in {} ms", e.reason(),
            wait.count());
  if (seams.sleep) seams.sleep(wait);
}

// Step 4: read back and confirm.
void ReadBackAndConfirm(const WriteSeams& seams, WriteResult& result) {
  auto back = ReadAwsAuth(seams.client);
  if (!back.configmap) {
    throw Error("aws-auth was deleted right after it was written",
                "check who else manages aws-auth; a backup is in " +
                    (result.backup ? result.backup->path.string()
                                   : std::string("(none: it did not exist)")));
  }
  try {
    ConfirmPlan(back.data(), result.plan);
  } catch (const Error& e) {
    throw Error(
        fmt::format("aws-auth was written, but reading it back shows another change: {}", e.what()),
        "another tool changed aws-auth at the same moment; check `kubectl ssomap list` and run "
        "the command again");
  }
  result.after = back.data();
  result.stored = std::move(back.configmap);
}

}  // namespace

WriteResult WriteAwsAuth(const Planner& plan, const WriteOptions& options, const WriteSeams& seams,
                         std::optional<PlannedRead> first) {
  WriteResult result;
  const auto server_dry_run =
      options.dry_run == DryRunMode::kServer ? kube::DryRun::kAll : kube::DryRun::kNone;
  for (int attempt = 1;; ++attempt) {
    AwsAuthRead read = ReadAndPlan(plan, seams, first, result);
    result.attempts = attempt;
    if (EndsWithoutWriting(read, options, result)) return result;
    BackUp(read, options, seams, result);
    const bool existed = read.configmap.has_value();
    try {
      if (Write(std::move(read), server_dry_run, seams, result)) return result;
    } catch (const kube::ApiError& e) {
      WaitAfterRace(e, existed, attempt, options, seams);
      result.created = false;
      continue;
    }
    result.written = true;
    ReadBackAndConfirm(seams, result);
    return result;
  }
}

}  // namespace ssomap::ops
