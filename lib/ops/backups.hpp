#pragma once
/// Backups of aws-auth taken before every write (DESIGN.md §4 step 4, issue 11 §2/§3/§7).
///
/// Layout: `<root>/.backup-key` (32 random bytes, 0600: the HMAC key), and per cluster
/// `<root>/clusters/<first 32 hex of SHA-256(server URL)>/<stamp>-rv<resourceVersion>-<tag>.json`
/// (0600 in 0700 directories). A backup is keyed by the cluster's identity, never by the
/// kubeconfig context's name: two kubeconfigs with a context `admin` share no backups, and no
/// context name ever becomes a path. Each file carries its provenance (server, EKS cluster ARN,
/// context, ConfigMap uid and resourceVersion, time, tool version) and an HMAC-SHA256 over it
/// and the saved ConfigMap under the key; a file that does not verify — planted, edited, not
/// ours, not private — is listed as untrusted and never restored.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/environment.hpp"
#include "kube/context.hpp"

namespace ssomap::ops {

/// The cluster a backup belongs to.
struct ClusterIdentity {
  std::string server;       ///< API server URL (lower-cased, no trailing '/'): the key
  std::string cluster_arn;  ///< `arn:aws:eks:<region>:<account>:cluster/<name>` when known
  std::string context;      ///< the kubeconfig context used: a label, never a key
};

/// The identity of the context's cluster: its server, and its EKS ARN when the kubeconfig
/// names the cluster by it (as `aws eks update-kubeconfig` does).
ClusterIdentity ClusterIdentityOf(const kube::ResolvedContext& context);

/// What a backup says about itself (covered by its HMAC).
struct Provenance {
  ClusterIdentity cluster;
  std::string uid;               ///< metadata.uid of the ConfigMap saved
  std::string resource_version;  ///< of the ConfigMap saved
  std::string taken_at;          ///< RFC 3339 UTC
  std::string tool_version;      ///< kubectl-ssomap version that wrote it
};

struct Backup {
  std::string name;  ///< file name, e.g. 20261129T041503Z-rv812-3fa2b1c4d5e6f708.json
  std::filesystem::path path;
  Provenance provenance;     ///< as recorded (empty fields when the file does not decode)
  std::string untrusted;     ///< empty: verified; else why it cannot be trusted
  bool future = false;       ///< dated later than now + kClockSkew: never "latest"
  std::size_t mappings = 0;  ///< mapRoles + mapUsers entries saved (for listings)
  bool trusted() const { return untrusted.empty(); }
};

/// A backup dated more than this after now is "in the future" (clocks differ a little).
inline constexpr auto kClockSkew = std::chrono::minutes(5);

/// Backups kept per cluster by default: the newest N, plus the oldest of every day.
inline constexpr int kDefaultKeep = 50;

class BackupStore {
 public:
  /// `keep`: the newest backups kept per cluster (the oldest of each day is kept too).
  BackupStore(std::filesystem::path root, ClusterIdentity cluster, std::string tool_version,
              int keep = kDefaultKeep);

  /// `$KUBECTL_SSOMAP_BACKUP_DIR`, else `~/.kube/ssomap/backups`.
  static std::filesystem::path DefaultRoot(const Environment& env);
  /// `$KUBECTL_SSOMAP_BACKUP_KEEP` (a positive integer), else kDefaultKeep. Throws
  /// ssomap::Error on a value that is not one.
  static int KeepFrom(const Environment& env);

  const ClusterIdentity& cluster() const { return cluster_; }
  /// The directory of this cluster's backups.
  std::filesystem::path ClusterDir() const;

  /// A copy whose Save refuses (Exit::kRefused) a ConfigMap whose uid is not `uid` — the guard
  /// a restore sets so that an aws-auth deleted and created again between its checks and its
  /// write is never overwritten. Empty `uid`: the ConfigMap must not exist.
  BackupStore ExpectingUid(std::string uid) const;

  /// Saves `configmap` (the object as read) with its provenance and HMAC, then prunes. `context`
  /// is recorded as a label. Throws ssomap::Error when it cannot be written — the caller must
  /// not write the cluster then.
  Backup Save(const std::string& context, const nlohmann::json& configmap, TimePoint now) const;

  /// Every backup file of this cluster, verified, newest first (by recorded time).
  std::vector<Backup> List(TimePoint now) const;

  /// The backup called `name` (a name from List, or "latest": the newest trusted one not dated
  /// in the future), with its saved ConfigMap. Throws ssomap::Error naming the fix when there is
  /// none, and Exit::kRefused when the one named cannot be trusted.
  std::pair<Backup, nlohmann::json> Load(const std::string& name, TimePoint now) const;

  /// Removes this cluster's backups beyond the newest `keep`, except the oldest of each UTC day,
  /// by their names: a backup's name is `<UTC time>-rv<resourceVersion>-<tag>.json`, the tag an
  /// HMAC of the rest under the backup key, so no file is read, and a file whose name this tool
  /// did not sign (planted, renamed, an older version's) is neither counted nor removed. Returns
  /// how many were removed. A signed name counts even if its content no longer verifies, and
  /// backups of versions before the tag (no `-<tag>`) are left for the user to delete. Throws
  /// ssomap::Error when the key cannot be read.
  std::size_t Prune() const;

 private:
  std::string Key(bool create) const;
  Backup Read(const std::filesystem::path& path, const std::string* key, TimePoint now,
              nlohmann::json* configmap) const;

  std::filesystem::path root_;
  ClusterIdentity cluster_;
  std::string tool_version_;
  int keep_;
  std::optional<std::string> expected_uid_;
};

}  // namespace ssomap::ops
