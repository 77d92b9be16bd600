#pragma once
/// ConfigMaps (aws-auth): read, create, and update with optimistic concurrency.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/client.hpp"

namespace ssomap::kube {

struct ConfigMap {
  std::string namespace_;
  std::string name;
  std::string resource_version;             ///< as read; empty for a new ConfigMap
  std::map<std::string, std::string> data;  ///< `data` (text values, e.g. mapRoles)
  bool has_data = false;                    ///< the object as read had a `data` mapping
  /// The object as read without its `data` (moved into `data` above: it can be near 1 MiB and
  /// is not kept twice). Updates start from it, so labels, annotations and binaryData survive.
  nlohmann::json object = nlohmann::json::object();
};

/// The typed view of a ConfigMap object. Throws ssomap::Error when `object` is not one.
ConfigMap ConfigMapFromJson(nlohmann::json object);
/// The object as read, with its data (for backups and printing).
nlohmann::json ConfigMapObject(const ConfigMap& cm);
/// The object to send: `object` with metadata.name/namespace/resourceVersion and data set.
nlohmann::json ConfigMapToJson(const ConfigMap& cm);

/// The ConfigMap, or nullopt when it does not exist. Other failures throw ApiError/ssomap::Error.
std::optional<ConfigMap> GetConfigMap(Client& client, const std::string& ns,
                                      const std::string& name);
/// POST; an existing one gives ApiError AlreadyExists. Returns the stored (or would-be) object.
/// Like the updates below, never re-sent after a failure that may have reached the server (a
/// dropped connection or timeout: net::TransportError; 5xx: ApiError): the caller re-reads.
ConfigMap CreateConfigMap(Client& client, const ConfigMap& cm, DryRun dry_run = DryRun::kNone);
/// PUT conditioned on `cm.resource_version` (required: an update never overwrites blindly).
/// A concurrent change gives ApiError Conflict (409): re-read and redo. A deleted ConfigMap gives
/// ApiError NotFound. Returns the stored (or would-be) object with its new resourceVersion.
ConfigMap UpdateConfigMap(Client& client, const ConfigMap& cm, DryRun dry_run = DryRun::kNone);
/// UpdateConfigMap for callers that read the ConfigMap back: the same request and errors,
/// without decoding the stored object from the reply.
void WriteConfigMap(Client& client, const ConfigMap& cm);

}  // namespace ssomap::kube
