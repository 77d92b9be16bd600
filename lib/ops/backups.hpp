#pragma once
/// Backups of aws-auth taken before every write (DESIGN.md §4 step 4): one JSON file per saved
/// ConfigMap, mode 0600, in a directory per kubeconfig context (mode 0700).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/environment.hpp"

namespace ssomap::ops {

struct Backup {
  std::string name;  ///< file name without directory, e.g. 20261129T041503Z-rv812.json
  std::filesystem::path path;
  std::string taken_at;          ///< RFC 3339, from the name
  std::string resource_version;  ///< of the ConfigMap saved
};

class BackupStore {
 public:
  explicit BackupStore(std::filesystem::path root) : root_(std::move(root)) {}

  /// `$KUBECTL_SSOMAP_BACKUP_DIR`, else `~/.kube/ssomap/backups`.
  static std::filesystem::path DefaultRoot(const Environment& env);

  /// The directory of one context (its name percent-encoded: EKS context names are ARNs).
  std::filesystem::path ContextDir(const std::string& context) const;

  /// Saves `configmap` (the object as read) and returns where. Throws ssomap::Error when the
  /// directory cannot be written — the caller must not write the cluster then.
  Backup Save(const std::string& context, const nlohmann::json& configmap, TimePoint now) const;

  /// The backups of `context`, newest first.
  std::vector<Backup> List(const std::string& context) const;

  /// The backup called `name` (a name from List, or "latest"), with its saved object.
  /// Throws ssomap::Error naming the fix when there is none or it does not decode.
  std::pair<Backup, nlohmann::json> Load(const std::string& context, const std::string& name) const;

 private:
  std::filesystem::path root_;
};

}  // namespace ssomap::ops
