#include "kube/configmap.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "core/text.hpp"
#include "kube/paths.hpp"

namespace ssomap::kube {
namespace {

/// A string field of the reply; a field of another type is our one-line error (issue 11 §5: a
/// numeric resourceVersion gave a raw library message).
std::string Str(const nlohmann::json& j, const char* key, std::string_view where = "ConfigMap") {
  return json_fields::String(j, key, where);
}

}  // namespace

ConfigMap ConfigMapFromJson(nlohmann::json object) {
  if (!object.is_object() || Str(object, "kind") != "ConfigMap") {
    throw Error("the API server returned something other than a ConfigMap");
  }
  ConfigMap cm;
  if (auto meta = object.find("metadata"); meta != object.end() && meta->is_object()) {
    cm.name = Str(*meta, "name", "ConfigMap metadata");
    cm.namespace_ = Str(*meta, "namespace", "ConfigMap metadata");
    const auto where = fmt::format("ConfigMap {}/{}: metadata", cm.namespace_, cm.name);
    cm.resource_version = Str(*meta, "resourceVersion", where);
    (void)Str(*meta, "uid", where);
  } else if (meta != object.end() && !meta->is_null()) {
    json_fields::WrongType("ConfigMap", "metadata", "an object", meta->type());
  }
  if (auto data = object.find("data"); data != object.end() && !data->is_null()) {
    if (!data->is_object())
      throw Error(fmt::format("ConfigMap {}/{}: data is not a mapping", cm.namespace_, cm.name));
    for (auto& [key, value] : data->items()) {
      if (!value.is_string()) {
        throw Error(fmt::format("ConfigMap {}/{}: data key {} is not a string", cm.namespace_,
                                cm.name, text::Quote(key)));
      }
      cm.data.emplace(
          key, std::move(value.get_ref<std::string&>()));  // moved, not copied: it can be 1 MiB
    }
    cm.has_data = true;
  }
  object.erase("data");
  cm.object = std::move(object);
  return cm;
}

nlohmann::json ConfigMapObject(const ConfigMap& cm) {
  nlohmann::json out = cm.object;
  if (cm.has_data || !cm.data.empty()) out["data"] = cm.data;
  return out;
}

nlohmann::json ConfigMapToJson(const ConfigMap& cm) {
  nlohmann::json out = cm.object.is_object() ? cm.object : nlohmann::json::object();
  out["apiVersion"] = "v1";
  out["kind"] = "ConfigMap";
  auto& meta = out["metadata"];
  if (!meta.is_object()) meta = nlohmann::json::object();
  meta["name"] = cm.name;
  meta["namespace"] = cm.namespace_;
  if (cm.resource_version.empty())
    meta.erase("resourceVersion");
  else
    meta["resourceVersion"] = cm.resource_version;
  // Server-maintained bookkeeping: sending it back is noise and managedFields can be refused.
  meta.erase("managedFields");
  auto data = nlohmann::json::object();
  for (const auto& [key, value] : cm.data) data[key] = value;
  out["data"] = std::move(data);
  return out;
}

std::optional<ConfigMap> GetConfigMap(Client& client, const std::string& ns,
                                      const std::string& name) {
  auto object = client.GetIfExists(ConfigMapPath(ns, name));
  if (!object) return std::nullopt;
  return ConfigMapFromJson(std::move(*object));
}

ConfigMap CreateConfigMap(Client& client, const ConfigMap& cm, DryRun dry_run) {
  auto body = ConfigMapToJson(cm);
  body["metadata"].erase("resourceVersion");
  return ConfigMapFromJson(
      client.Create(ConfigMapPath(cm.namespace_), body, dry_run, net::Resend::kOnlyIfUnseen));
}

namespace {

void RequireResourceVersion(const ConfigMap& cm) {
  if (cm.resource_version.empty()) {
    throw Error(
        fmt::format("refusing to update ConfigMap {}/{} without the resourceVersion that was read",
                    cm.namespace_, cm.name));
  }
}

}  // namespace

ConfigMap UpdateConfigMap(Client& client, const ConfigMap& cm, DryRun dry_run) {
  RequireResourceVersion(cm);
  return ConfigMapFromJson(
      client.Update(ConfigMapPath(cm.namespace_, cm.name), ConfigMapToJson(cm), dry_run));
}

void WriteConfigMap(Client& client, const ConfigMap& cm) {
  RequireResourceVersion(cm);
  client.Put(ConfigMapPath(cm.namespace_, cm.name), ConfigMapToJson(cm));
}

}  // namespace ssomap::kube
