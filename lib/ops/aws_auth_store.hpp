#pragma once
/// Reading and writing ConfigMap kube-system/aws-auth on a live cluster, step by step as
/// DESIGN.md §4 says: plan the edit on what was read, back it up, write it with the
/// resourceVersion that was read (409 → re-read and plan again, with jittered backoff; 404 →
/// create), then read it back and confirm that it holds the plan.
///
/// A write whose reply is lost (the connection dropped or timed out after it was sent, or a 5xx)
/// is never sent again blindly (issue 11 §4): aws-auth is read again and the planner, which plans
/// an intent rather than an operation, is asked again. It finds the change in place → applied
/// (confirmed by that read); aws-auth unchanged (same resourceVersion) → written again, a bounded
/// number of times, then "not applied"; changed otherwise → the intent's plan on the new data is
/// written. When that read fails too, the outcome is unknown (Exit::kUnknown).

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

/// Plans the change on the data just read (a refusal throws). Called once per attempt, also after
/// a conflict or a lost reply: it must plan the first call's intent, not repeat its operation —
/// on data that already holds the change it returns Action::kUnchanged (PlanAdd does; `remove`
/// plans the removal of the entry content it targeted first, see ops::Remove).
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
  /// Writes whose reply is lost (each followed by a read of aws-auth) before "not applied".
  int max_lost_replies = 4;
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
  int attempts = 0;                       ///< write attempts (1 without conflicts or lost replies)
  int conflicts = 0;      ///< of them, answered 409 (or 404, AlreadyExists): planned again
  int lost_replies = 0;   ///< of them, without an answer (dropped, timed out, 5xx): re-read
  std::string last_lost;  ///< what became of the last of those, e.g. "HTTP 504 Timeout"
  bool confirmed_by_reread = false;  ///< the change was found in place after a lost reply
};

/// Runs the procedure; progress goes to the log at level 1. Throws ssomap::Error: refusals
/// (Exit::kRefused) and every other failure (Exit::kError, kAuth) leave aws-auth as it was ("not
/// applied"), except Exit::kUnknown: a write may have happened but could not be confirmed (its
/// reply was lost and aws-auth could not be read again, or the read-back shows another change).
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
