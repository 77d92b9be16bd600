#pragma once
/// The format of one aws-auth backup file, pure: provenance + the ConfigMap + an HMAC-SHA256
/// over both under the backup key (issue 11 §3). Layout and trust live in ops/backups.hpp.
///
///   {"apiVersion": "kubectl-ssomap/v1", "kind": "AwsAuthBackup",
///    "provenance": {"server", "clusterArn", "context", "uid", "resourceVersion", "takenAt",
///                   "toolVersion"},
///    "configMap": {...the object as read...},
///    "hmac": "<64 hex>"}

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ops/backups.hpp"

namespace ssomap::ops {

inline constexpr const char* kBackupApiVersion = "kubectl-ssomap/v1";
inline constexpr const char* kBackupKind = "AwsAuthBackup";

/// The file's text (pretty JSON, one trailing newline).
std::string EncodeBackup(const Provenance& provenance, const nlohmann::json& configmap,
                         std::string_view key);

struct DecodedBackup {
  Provenance provenance;
  nlohmann::json configmap;  ///< null unless it decoded as a ConfigMap with string data
  std::string problem;       ///< empty: it decoded and its HMAC verified under the key
};

/// Decodes and verifies a backup file. Never throws: problems are returned ("is not JSON", "is
/// not an aws-auth backup of this tool", "its HMAC does not verify: changed, or not written
/// here"). The HMAC is compared in constant time.
DecodedBackup DecodeBackup(std::string_view text, std::string_view key);

}  // namespace ssomap::ops
