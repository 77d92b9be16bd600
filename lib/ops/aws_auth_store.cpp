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
    // 3. Write with the resourceVersion read; create when there was none. (Large data is moved
    // along, not copied: `read` is only asked below whether it had a ConfigMap.)
    try {
      if (read.configmap) {
        kube::ConfigMap next = std::move(*read.configmap);
        // The plan's data goes into the PUT and comes back after it: never two copies.
        result.before = std::exchange(next.data, std::move(result.plan.data));
        if (server_dry_run == kube::DryRun::kAll) {
          auto stored = kube::UpdateConfigMap(seams.client, next, server_dry_run);
          result.plan.data = std::move(next.data);
          result.after = stored.data;
          result.stored = std::move(stored);
          return result;
        }
        kube::WriteConfigMap(seams.client, next);  // its result is read back in step 4
        result.plan.data = std::move(next.data);
      } else {
        result.before.clear();
        auto created = NewAwsAuth(std::move(result.plan.data));
        auto stored = kube::CreateConfigMap(seams.client, created, server_dry_run);
        result.plan.data = std::move(created.data);
        result.created = true;
        if (server_dry_run == kube::DryRun::kAll) {
          result.after = stored.data;
          result.stored = std::move(stored);
          return result;
        }
      }
    } catch (const kube::ApiError& e) {
      // Somebody else wrote (409), deleted (404) or created (AlreadyExists) aws-auth since we
      // read it: read again and plan again.
      const bool raced = e.IsConflict() || (read.configmap && e.IsNotFound()) ||
                         (!read.configmap && e.IsAlreadyExists());
      if (!raced) throw;
      result.created = false;
      if (attempt >= options.max_attempts) {
        throw Error(fmt::format("aws-auth kept changing under us: gave up after {} attempts ({})",
                                attempt, e.reason()),
                    "another tool is rewriting aws-auth; run the command again when it is done");
      }
      const auto wait = Backoff(options, seams, attempt - 1);
      log::Logf(1, "aws-auth changed since it was read ({}); reading it again in {} ms", e.reason(),
                wait.count());
      if (seams.sleep) seams.sleep(wait);
      continue;
    }
    result.written = true;

    // 4. Read back and confirm.
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
      throw Error(fmt::format("aws-auth was written, but reading it back shows another change: {}",
                              e.what()),
                  "another tool changed aws-auth at the same moment; check `kubectl ssomap list` "
                  "and run the "
                  "command again");
    }
    result.after = back.data();
    result.stored = std::move(back.configmap);
    return result;
  }
}

}  // namespace ssomap::ops
