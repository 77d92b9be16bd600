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
#include "net/transport_error.hpp"

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

/// The fix for an outcome we cannot confirm (the user's own check, then the command again).
constexpr const char* kCheckHint =
    "check with `kubectl ssomap list` whether the change is there; run the command again if not";

// Whether an API error to a write leaves its outcome unknown: any 5xx. A proxy's 502, the API
// server's 504 Timeout ("may still be processing the request") or a 500 may come after the
// write was stored; reading aws-auth again tells, where sending it again could do it twice.
bool LostReply(const kube::ApiError& e) { return e.code() >= 500 && e.code() <= 599; }

// Reads aws-auth after a write whose reply was lost; when even that fails, the outcome is
// unknown (Exit::kUnknown).
AwsAuthRead ReadAfterLostReply(kube::Client& client, const std::string& lost) {
  try {
    return ReadAwsAuth(client);
  } catch (const Error& e) {
    throw Error(fmt::format("outcome unknown: the reply to the write of aws-auth was lost ({}), "
                            "and reading aws-auth again failed ({})",
                            lost, e.what()),
                kCheckHint, Exit::kUnknown);
  }
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
// after the last attempt. Called only from the handler of `e`.
void WaitAfterRace(const kube::ApiError& e, bool existed, int attempt, const WriteOptions& options,
                   const WriteSeams& seams, WriteResult& result) {
  const bool raced =
      e.IsConflict() || (existed && e.IsNotFound()) || (!existed && e.IsAlreadyExists());
  if (!raced) throw;  // the original error, as thrown
  ++result.conflicts;
  if (attempt >= options.max_attempts) {
    throw Error(
        fmt::format("aws-auth kept changing under us: gave up after {} attempts ({}); not applied",
                    attempt, e.reason()),
        "another tool is rewriting aws-auth; run the command again when it is done");
  }
  const auto wait = Backoff(options, seams, attempt);
  log::Logf(1, "aws-auth changed since it was read ({}); reading it again in {} ms", e.reason(),
            wait.count());
  if (seams.sleep) seams.sleep(wait);
}

// After a write whose reply was lost (`lost` says how): the server may or may not have applied
// it. Never send it again blindly: read aws-auth, and plan the same intent on what it holds now.
// True when the change is found in place (`result` filled: applied); false with the new read and
// plan in `next` to write again; throws "not applied" after the last try.
bool FoundAfterLostReply(const Planner& plan, const std::optional<std::string>& planned_on,
                         const std::string& lost, int attempt, const WriteOptions& options,
                         const WriteSeams& seams, std::optional<PlannedRead>& next,
                         WriteResult& result) {
  ++result.lost_replies;
  result.last_lost = lost;
  auto again = ReadAfterLostReply(seams.client, lost);
  const bool untouched =
      again.configmap ? planned_on == again.configmap->resource_version : !planned_on;
  MappingPlan replan;
  try {
    replan = plan(again.data());
  } catch (const Error& e) {
    // What is there now refuses the intent (e.g. a rival changed the entry just written): whether
    // this write landed first cannot be told, so the outcome is unknown, not a refusal.
    if (e.exit() != Exit::kRefused) throw;
    throw Error(fmt::format("outcome unknown: the reply to the write of aws-auth was lost ({}), "
                            "and aws-auth read again refuses the change: {}",
                            lost, e.what()),
                kCheckHint, Exit::kUnknown);
  }
  if (!untouched && replan.action == MappingPlan::Action::kUnchanged) {
    log::Logf(1, "the reply to the write was lost ({}); aws-auth read again holds the change",
              lost);
    result.written = true;
    result.confirmed_by_reread = true;
    result.created = planned_on == std::nullopt;
    result.after = again.data();
    result.stored = std::move(again.configmap);
    return true;
  }
  if (result.lost_replies >= options.max_lost_replies || attempt >= options.max_attempts) {
    throw Error(fmt::format("not applied: {} writes of aws-auth got no answer (last: {}), and "
                            "reading it again shows {}",
                            result.lost_replies, lost,
                            untouched ? "it unchanged" : "another change, not this one"),
                "check the API server's health, then run the command again");
  }
  const auto wait = Backoff(options, seams, attempt);
  log::Logf(1, "the reply to the write was lost ({}); aws-auth {}; writing again in {} ms", lost,
            untouched ? "is unchanged" : "changed meanwhile: planned again", wait.count());
  if (seams.sleep) seams.sleep(wait);
  next = PlannedRead{std::move(again), std::move(replan)};
  return false;
}

// Step 4: read back and confirm. The server accepted the write; what cannot be read back or
// confirmed now is an outcome unknown to us (Exit::kUnknown), not a failure.
void ReadBackAndConfirm(const WriteSeams& seams, WriteResult& result) {
  const auto unknown = [&](const std::string& what) {
    return Error(
        fmt::format("outcome unknown: aws-auth was written, but {}", what),
        kCheckHint + std::string(" (a backup of the previous aws-auth is in ") +
            (result.backup ? result.backup->path.string() : std::string("none: it did not exist")) +
            ")",
        Exit::kUnknown);
  };
  AwsAuthRead back;
  try {
    back = ReadAwsAuth(seams.client);
  } catch (const Error& e) {
    throw unknown(fmt::format("reading it back failed ({})", e.what()));
  }
  if (!back.configmap) throw unknown("it was deleted right after; check who else manages it");
  try {
    ConfirmPlan(back.data(), result.plan);
  } catch (const Error& e) {
    throw unknown(fmt::format("reading it back shows another change: {}", e.what()));
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
    const std::optional<std::string> planned_on =
        read.configmap ? std::optional(read.configmap->resource_version) : std::nullopt;
    std::string lost;  // how a write whose outcome is unknown ended
    try {
      if (Write(std::move(read), server_dry_run, seams, result)) return result;
    } catch (const kube::ApiError& e) {
      result.created = false;
      if (!LostReply(e)) {
        WaitAfterRace(e, planned_on.has_value(), attempt, options, seams, result);
        continue;
      }
      lost = e.reason() == "Unknown" ? fmt::format("HTTP {}", e.code())
                                     : fmt::format("HTTP {} {}", e.code(), e.reason());
    } catch (const net::TransportError& e) {
      if (!e.may_have_arrived()) throw;
      result.created = false;
      lost = e.what();
    }
    if (!lost.empty()) {
      if (FoundAfterLostReply(plan, planned_on, lost, attempt, options, seams, first, result))
        return result;
      continue;
    }
    result.written = true;
    ReadBackAndConfirm(seams, result);
    return result;
  }
}

}  // namespace ssomap::ops
