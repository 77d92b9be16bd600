#include "ops/aws_auth_store.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "kube/api_error.hpp"

namespace ssomap::ops {
namespace {

void Progress(const WriteSeams& seams, const std::string& line) {
  if (seams.progress) seams.progress(line);
}

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

}  // namespace

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

WriteResult WriteAwsAuth(const Planner& plan, const Confirmer& confirm, const WriteOptions& options,
                         const WriteSeams& seams) {
  WriteResult result;
  const auto server_dry_run =
      options.dry_run == DryRunMode::kServer ? kube::DryRun::kAll : kube::DryRun::kNone;
  for (int attempt = 1;; ++attempt) {
    // 1. Read, and plan the edit on exactly what was read (the planner validates by re-parsing).
    auto read = ReadAwsAuth(seams.client);
    auto planned = plan(read.data());
    result.attempts = attempt;
    if (planned.unchanged || options.dry_run == DryRunMode::kClient) {
      result.before = read.data();
      result.after = std::move(planned.data);
      if (planned.unchanged) result.stored = std::move(read.configmap);
      return result;
    }
    // 2. Back up what is about to be replaced.
    if (read.configmap && options.dry_run == DryRunMode::kNone && seams.backups != nullptr) {
      result.backup =
          seams.backups->Save(seams.context, kube::ConfigMapObject(*read.configmap), seams.clock());
      Progress(seams, fmt::format("saved a backup of aws-auth (resourceVersion {}) to {}",
                                  read.configmap->resource_version, result.backup->path.string()));
    }
    // 3. Write with the resourceVersion read; create when there was none. (Large data is moved
    // along, not copied: `read` is only asked below whether it had a ConfigMap.)
    try {
      if (read.configmap) {
        kube::ConfigMap next = std::move(*read.configmap);
        result.before = std::exchange(next.data, std::move(planned.data));
        if (server_dry_run == kube::DryRun::kAll) {
          auto stored = kube::UpdateConfigMap(seams.client, next, server_dry_run);
          result.after = stored.data;
          result.stored = std::move(stored);
          return result;
        }
        kube::WriteConfigMap(seams.client, next);  // its result is read back in step 4
      } else {
        result.before.clear();
        auto stored = kube::CreateConfigMap(seams.client, NewAwsAuth(std::move(planned.data)),
                                            server_dry_run);
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
      Progress(seams,
               fmt::format("aws-auth changed since it was read ({}); reading it again in {} ms",
                           e.reason(), wait.count()));
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
      confirm(back.data());
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
