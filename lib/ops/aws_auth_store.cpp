#include "ops/aws_auth_store.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "awsauth/checks.hpp"
#include "awsauth/parse.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "kube/api_error.hpp"
#include "net/transport_error.hpp"

namespace ssomap::ops {
namespace {

std::chrono::milliseconds Backoff(const WriteOptions& options, const WriteSeams& seams, int retry) {
  // Full jitter: uniform in [0, min(max, base * 2^retry)].
  const double cap =
      std::min(static_cast<double>(options.max_delay.count()),
               static_cast<double>(options.base_delay.count()) * std::pow(2.0, retry));
  return std::chrono::milliseconds(static_cast<long>(cap * (seams.random ? seams.random() : 0.5)));
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

WriteResult WriteAwsAuth(const Planner& plan, const WriteOptions& options, const WriteSeams& seams,
                         std::optional<PlannedRead> first) {
  WriteResult result;
  const auto server_dry_run =
      options.dry_run == DryRunMode::kServer ? kube::DryRun::kAll : kube::DryRun::kNone;
  for (int attempt = 1;; ++attempt) {
    // 1. Read, and plan the edit on exactly what was read (the planner validates by re-parsing).
    AwsAuthRead read;
    if (first) {
      read = std::move(first->read);
      result.plan = std::move(first->plan);
      first.reset();
    } else {
      read = ReadAwsAuth(seams.client);
      result.plan = plan(read.data());
    }
    result.attempts = attempt;
    const bool unchanged = result.plan.action == MappingPlan::Action::kUnchanged;
    if (unchanged || options.dry_run == DryRunMode::kClient) {
      result.before = read.data();
      result.after = result.plan.data;
      if (unchanged) result.stored = std::move(read.configmap);
      return result;
    }
    // 2. Back up what is about to be replaced.
    if (read.configmap && options.dry_run == DryRunMode::kNone && seams.backups != nullptr) {
      result.backup =
          seams.backups->Save(seams.context, kube::ConfigMapObject(*read.configmap), seams.clock());
      log::Logf(1, "saved a backup of aws-auth (resourceVersion {}) to {}",
                read.configmap->resource_version, result.backup->path.string());
    }
    // 3. Write with the resourceVersion read; create when there was none.
    const std::optional<std::string> planned_on =
        read.configmap ? std::optional(read.configmap->resource_version) : std::nullopt;
    std::string lost;  // what became of a write whose outcome is unknown
    const bool exists = read.configmap.has_value();
    kube::ConfigMap sent = exists ? std::move(*read.configmap) : NewAwsAuth({});
    // The plan's data goes into the request and comes back after it: never two copies.
    result.before = std::exchange(sent.data, std::move(result.plan.data));
    try {
      if (exists && server_dry_run == kube::DryRun::kNone) {
        kube::WriteConfigMap(seams.client, sent);  // its result is read back in step 4
      } else {
        auto stored = exists ? kube::UpdateConfigMap(seams.client, sent, server_dry_run)
                             : kube::CreateConfigMap(seams.client, sent, server_dry_run);
        result.created = !exists;
        if (server_dry_run == kube::DryRun::kAll) {
          result.plan.data = std::move(sent.data);
          result.after = stored.data;
          result.stored = std::move(stored);
          return result;
        }
      }
    } catch (const kube::ApiError& e) {
      // Somebody else wrote (409), deleted (404) or created (AlreadyExists) aws-auth since we
      // read it: read again and plan again.
      const bool raced =
          e.IsConflict() || (planned_on && e.IsNotFound()) || (!planned_on && e.IsAlreadyExists());
      if (!raced && !LostReply(e)) throw;
      result.created = false;
      if (raced) {
        ++result.conflicts;
        if (attempt >= options.max_attempts) {
          throw Error(
              fmt::format("aws-auth kept changing under us: gave up after {} attempts ({}); "
                          "not applied",
                          attempt, e.reason()),
              "another tool is rewriting aws-auth; run the command again when it is done");
        }
        const auto wait = Backoff(options, seams, attempt - 1);
        log::Logf(1, "aws-auth changed since it was read ({}); reading it again in {} ms",
                  e.reason(), wait.count());
        if (seams.sleep) seams.sleep(wait);
        continue;
      }
      lost = e.reason() == "Unknown" ? fmt::format("HTTP {}", e.code())
                                     : fmt::format("HTTP {} {}", e.code(), e.reason());
    } catch (const net::TransportError& e) {
      if (!e.may_have_arrived()) throw;
      result.created = false;
      lost = e.what();
    }
    result.plan.data = std::move(sent.data);
    if (!lost.empty()) {
      // The server may or may not have applied the write. Never send it again blindly: find out
      // from aws-auth itself, and plan the same intent again on what it holds now.
      ++result.lost_replies;
      result.last_lost = lost;
      auto again = ReadAfterLostReply(seams.client, lost);
      const bool untouched =
          again.configmap ? planned_on == again.configmap->resource_version : !planned_on;
      auto replan = plan(again.data());
      if (!untouched && replan.action == MappingPlan::Action::kUnchanged) {
        log::Logf(1, "the reply to the write was lost ({}); aws-auth read again holds the change",
                  lost);
        result.written = true;
        result.confirmed_by_reread = true;
        result.created = planned_on == std::nullopt;
        result.after = again.data();
        result.stored = std::move(again.configmap);
        return result;
      }
      if (result.lost_replies >= options.max_lost_replies || attempt >= options.max_attempts) {
        throw Error(fmt::format("not applied: {} writes of aws-auth got no answer (last: {}), and "
                                "reading it again shows {}",
                                result.lost_replies, lost,
                                untouched ? "it unchanged" : "another change, not this one"),
                    "check the API server's health, then run the command again");
      }
      const auto wait = Backoff(options, seams, attempt - 1);
      log::Logf(1, "the reply to the write was lost ({}); aws-auth {}; writing again in {} ms",
                lost, untouched ? "is unchanged" : "changed meanwhile: planned again",
                wait.count());
      if (seams.sleep) seams.sleep(wait);
      first = PlannedRead{std::move(again), std::move(replan)};
      continue;
    }
    result.written = true;

    // 4. Read back and confirm. The server accepted the write; what cannot be read back or
    // confirmed now is an outcome unknown to us, not a failure.
    const auto unknown = [&](const std::string& what) {
      return Error(fmt::format("outcome unknown: aws-auth was written, but {}", what),
                   kCheckHint + std::string(" (a backup of the previous aws-auth is in ") +
                       (result.backup ? result.backup->path.string()
                                      : std::string("none: it did not exist")) +
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
    return result;
  }
}

}  // namespace ssomap::ops
