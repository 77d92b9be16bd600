#include "ops/backup_file.hpp"

#include <openssl/crypto.h>

#include "core/crypto.hpp"
#include "core/encoding.hpp"

namespace ssomap::ops {
namespace {

nlohmann::json ProvenanceJson(const Provenance& p) {
  return {{"server", p.cluster.server},
          {"clusterArn", p.cluster.cluster_arn},
          {"context", p.cluster.context},
          {"uid", p.uid},
          {"resourceVersion", p.resource_version},
          {"takenAt", p.taken_at},
          {"toolVersion", p.tool_version}};
}

std::string Field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The bytes the HMAC covers: both objects in nlohmann's canonical form (keys sorted, no
// whitespace), so re-reading and re-serialising gives the same bytes.
std::string Signed(std::string_view provenance_text, std::string_view configmap_text) {
  std::string out;
  out.reserve(provenance_text.size() + configmap_text.size() + 1);
  out.append(provenance_text).append("\n").append(configmap_text);
  return out;
}

bool IsConfigMapWithStringData(const nlohmann::json& object) {
  if (!object.is_object() || Field(object, "kind") != "ConfigMap") return false;
  const auto data = object.find("data");
  if (data == object.end()) return true;
  if (!data->is_object()) return false;
  for (const auto& [key, value] : data->items())
    if (!value.is_string()) return false;
  return true;
}

}  // namespace

std::string EncodeBackup(const Provenance& provenance, const nlohmann::json& configmap,
                         std::string_view key) {
  // The ConfigMap is serialised once, for the HMAC and the file (at 5,000 entries each dump of
  // its ~1 MB of escaped data costs milliseconds): the file is the object that
  // nlohmann::json{...}.dump() would give, keys in its sorted order, built around that text.
  const auto p = ProvenanceJson(provenance);
  const auto p_text = p.dump();
  const auto cm_text = configmap.dump();
  const auto hmac = encoding::Hex(crypto::HmacSha256(key, Signed(p_text, cm_text)));
  std::string out;
  out.reserve(cm_text.size() + p_text.size() + 256);
  out += "{\"apiVersion\":" + nlohmann::json(kBackupApiVersion).dump();
  out += ",\"configMap\":" + cm_text;
  out += ",\"hmac\":\"" + hmac + "\"";
  out += ",\"kind\":" + nlohmann::json(kBackupKind).dump();
  out += ",\"provenance\":" + p_text + "}\n";
  return out;
}

DecodedBackup DecodeBackup(std::string_view text, std::string_view key) {
  DecodedBackup out;
  auto file = nlohmann::json::parse(text, nullptr, false);
  if (file.is_discarded() || !file.is_object()) {
    out.problem = "is not JSON";
    return out;
  }
  if (Field(file, "apiVersion") != kBackupApiVersion || Field(file, "kind") != kBackupKind ||
      !file.contains("provenance") || !file["provenance"].is_object() ||
      !file.contains("configMap")) {
    out.problem = "is not an aws-auth backup written by kubectl-ssomap";
    return out;
  }
  const auto& p = file["provenance"];
  out.provenance = {{Field(p, "server"), Field(p, "clusterArn"), Field(p, "context")},
                    Field(p, "uid"),
                    Field(p, "resourceVersion"),
                    Field(p, "takenAt"),
                    Field(p, "toolVersion")};
  const auto want =
      encoding::Hex(crypto::HmacSha256(key, Signed(p.dump(), file["configMap"].dump())));
  const auto have = Field(file, "hmac");
  if (have.size() != want.size() || CRYPTO_memcmp(have.data(), want.data(), want.size()) != 0) {
    out.problem = "its HMAC does not verify: it was changed, or not written by this tool here";
    return out;
  }
  if (!IsConfigMapWithStringData(file["configMap"])) {
    out.problem = "does not hold a ConfigMap with string data";
    return out;
  }
  out.configmap = std::move(file["configMap"]);
  return out;
}

}  // namespace ssomap::ops
