#include "ops/backups.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <system_error>

#include <fmt/format.h>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/files.hpp"

namespace ssomap::ops {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".json";

std::string Stamp(TimePoint now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

// Keeps a resourceVersion usable in a file name (they are decimal in practice).
std::string FileSafe(const std::string& text) {
  std::string out;
  for (char c : text)
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_') ? c : '_';
  return out;
}

// 20261129T041503Z-rv812.json → Backup, or false for files that are not ours.
bool FromName(const fs::path& path, Backup& backup) {
  const std::string name = path.filename().string();
  if (name.size() < 16 + 4 + kSuffix.size() || !name.ends_with(kSuffix) ||
      name.substr(16, 3) != "-rv")
    return false;
  const std::string stamp = name.substr(0, 16);
  if (stamp[8] != 'T' || stamp[15] != 'Z') return false;
  backup.name = name;
  backup.path = path;
  backup.taken_at =
      fmt::format("{}-{}-{}T{}:{}:{}Z", stamp.substr(0, 4), stamp.substr(4, 2), stamp.substr(6, 2),
                  stamp.substr(9, 2), stamp.substr(11, 2), stamp.substr(13, 2));
  backup.resource_version = name.substr(19, name.size() - 19 - kSuffix.size());
  return true;
}

}  // namespace

fs::path BackupStore::DefaultRoot(const Environment& env) {
  if (auto dir = env.Get("KUBECTL_SSOMAP_BACKUP_DIR"); dir && !dir->empty())
    return ExpandHome(*dir, env);
  return fs::path(env.Home()) / ".kube" / "ssomap" / "backups";
}

fs::path BackupStore::ContextDir(const std::string& context) const {
  return root_ / encoding::UriEncode(context.empty() ? std::string("default") : context);
}

Backup BackupStore::Save(const std::string& context, const nlohmann::json& configmap,
                         TimePoint now) const {
  const std::string rv = configmap.value("/metadata/resourceVersion"_json_pointer, std::string());
  const fs::path path =
      ContextDir(context) / fmt::format("{}-rv{}{}", Stamp(now), FileSafe(rv), kSuffix);
  try {
    files::WriteAtomic(path, configmap.dump(2) + "\n");
  } catch (const Error& e) {
    throw Error(
        fmt::format("cannot save a backup of aws-auth before writing it: {}", e.what()),
        "make the backup directory writable or set KUBECTL_SSOMAP_BACKUP_DIR; nothing was written");
  }
  Backup backup;
  FromName(path, backup);
  return backup;
}

std::vector<Backup> BackupStore::List(const std::string& context) const {
  std::vector<Backup> backups;
  std::error_code ec;
  for (fs::directory_iterator it(ContextDir(context), ec), end; !ec && it != end;
       it.increment(ec)) {
    Backup backup;
    if (it->is_regular_file(ec) && FromName(it->path(), backup))
      backups.push_back(std::move(backup));
  }
  std::sort(backups.begin(), backups.end(),
            [](const Backup& a, const Backup& b) { return a.name > b.name; });
  return backups;
}

std::pair<Backup, nlohmann::json> BackupStore::Load(const std::string& context,
                                                    const std::string& name) const {
  const auto backups = List(context);
  if (backups.empty()) {
    throw Error(fmt::format("no aws-auth backups for context '{}' in {}", context,
                            ContextDir(context).string()),
                "backups are taken by add, remove and restore before they write");
  }
  const auto it = name == "latest"
                      ? backups.begin()
                      : std::find_if(backups.begin(), backups.end(), [&](const Backup& b) {
                          return b.name == name || b.name == name + std::string(kSuffix);
                        });
  if (it == backups.end()) {
    throw Error(fmt::format("no backup '{}' for context '{}'", name, context),
                "run `kubectl ssomap restore` to list the backups");
  }
  const auto text = files::Read(it->path);
  auto object = nlohmann::json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object() || object.value("kind", "") != "ConfigMap" ||
      !object.contains("data") || !object["data"].is_object()) {
    throw Error(fmt::format("backup {} is not a saved ConfigMap", it->path.string()),
                "pick another backup; this file was changed or damaged");
  }
  return {*it, std::move(object)};
}

}  // namespace ssomap::ops
