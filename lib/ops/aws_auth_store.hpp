#pragma once
/// Reading and writing ConfigMap kube-system/aws-auth on a live cluster, step by step as
/// DESIGN.md §4 says: plan the edit on what was read, back it up, write it with the
/// resourceVersion that was read (409 → re-read and plan again, with jittered backoff; 404 →
/// create), then read it back and confirm.

#include <functional>
#include <optional>
#include <string>

#include "awsauth/model.hpp"
#include "core/clock.hpp"
#include "kube/client.hpp"
#include "kube/configmap.hpp"
#include "net/retry.hpp"
#include "ops/backups.hpp"

namespace ssomap::ops {

inline constexpr const char* kAwsAuthNamespace = "kube-system";
inline constexpr const char* kAwsAuthName = "aws-auth";

/// aws-auth as read: the ConfigMap, or nullopt when the cluster has none (empty data then).
struct AwsAuthRead {
  std::optional<kube::ConfigMap> configmap;
  const awsauth::Data& data() const { return configmap ? configmap->data : empty_; }

 private:
  awsauth::Data empty_;
};

AwsAuthRead ReadAwsAuth(kube::Client& client);

/// The data a change wants, planned on the data just read. Planning may throw (a refusal).
struct PlannedData {
  awsauth::Data data;
  bool unchanged = false;  ///< nothing to write
};
using Planner = std::function<PlannedData(const awsauth::Data& current)>;

/// Throws ssomap::Error when the data read back does not hold the change.
using Confirmer = std::function<void(const awsauth::Data& stored)>;

enum class DryRunMode { kNone, kClient, kServer };

struct WriteOptions {
  DryRunMode dry_run = DryRunMode::kNone;
  int max_attempts =
      50;  ///< reads+writes in all when others keep changing aws-auth (20 writers at once fit)
  std::chrono::milliseconds base_delay{std::chrono::milliseconds(25)};
  std::chrono::milliseconds max_delay{std::chrono::milliseconds(1000)};
};

struct WriteSeams {
  kube::Client& client;
  const BackupStore* backups;  ///< nullptr: no backups (never for real writes from the CLI)
  std::string context;         ///< kubeconfig context, for the backup directory
  Clock clock;
  net::Sleeper sleep;
  net::RandomSource random;
  std::function<void(const std::string&)> progress;  ///< -v lines; may be empty
};

struct WriteResult {
  awsauth::Data before;                   ///< the data the final plan was made on
  awsauth::Data after;                    ///< as stored (or as it would be, under dry run)
  std::optional<kube::ConfigMap> stored;  ///< the ConfigMap as read back (or the dry run's reply)
  std::optional<Backup> backup;           ///< the backup taken before the write
  bool written = false;                   ///< false: unchanged, or a dry run
  bool created = false;                   ///< the ConfigMap did not exist
  int attempts = 0;                       ///< write attempts (1 without conflicts)
};

/// Runs the procedure. Throws ssomap::Error (refusals: Exit::kRefused) with nothing written
/// unless the error says otherwise.
WriteResult WriteAwsAuth(const Planner& plan, const Confirmer& confirm, const WriteOptions& options,
                         const WriteSeams& seams);

/// The data as a reader would see it for a diff: each key as a YAML block, in key order.
std::string DataForDiff(const awsauth::Data& data);

}  // namespace ssomap::ops
