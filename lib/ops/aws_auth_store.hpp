#pragma once
/// Reading and writing ConfigMap kube-system/aws-auth on a live cluster, step by step as
/// DESIGN.md §4 says: plan the edit on what was read, back it up, write it with the
/// resourceVersion that was read (409 → re-read and plan again, with jittered backoff; 404 →
/// create), then read it back and confirm that it holds the plan.

#include <functional>
#include <optional>
#include <string>

#include "awsauth/model.hpp"
#include "core/clock.hpp"
#include "kube/client.hpp"
#include "kube/configmap.hpp"
#include "ops/backups.hpp"
#include "ops/mapping_plan.hpp"

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

/// Plans the change on the data just read (a refusal throws). Called once per attempt.
using Planner = std::function<MappingPlan(const awsauth::Data& current)>;

/// A read already made and the plan made on it: the first attempt uses them instead of reading
/// again (`add --view` plans before it creates its RBAC objects).
struct PlannedRead {
  AwsAuthRead read;
  MappingPlan plan;
};

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
  Sleeper sleep;
  RandomSource random;
};

struct WriteResult {
  MappingPlan plan;                       ///< the plan applied (made on `before`)
  awsauth::Data before;                   ///< the data the final plan was made on
  awsauth::Data after;                    ///< as stored (or as it would be, under dry run)
  std::optional<kube::ConfigMap> stored;  ///< the ConfigMap as read back (or the dry run's reply)
  std::optional<Backup> backup;           ///< the backup taken before the write
  bool written = false;                   ///< false: unchanged, or a dry run
  bool created = false;                   ///< the ConfigMap did not exist
  int attempts = 0;                       ///< write attempts (1 without conflicts)
};

/// Runs the procedure; progress goes to the log at level 1. Throws ssomap::Error (refusals:
/// Exit::kRefused) with nothing written unless the error says otherwise.
WriteResult WriteAwsAuth(const Planner& plan, const WriteOptions& options, const WriteSeams& seams,
                         std::optional<PlannedRead> first = std::nullopt);

/// Whether `stored` (read back after the write) holds `plan`: the bytes written, or else for an
/// add or replace the winning entry of the ARN maps as planned, for a remove as many entries of
/// the ARN remain as the plan left, for a restore the data is the plan's. Throws ssomap::Error
/// naming what differs.
void ConfirmPlan(const awsauth::Data& stored, const MappingPlan& plan);

/// The data as a reader would see it for a diff: each key as a YAML block, in key order.
std::string DataForDiff(const awsauth::Data& data);

}  // namespace ssomap::ops
