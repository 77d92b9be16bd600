#include "ops/backups.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <regex>
#include <system_error>

#include <fmt/format.h>

#include "awsauth/parse.hpp"
#include "core/crypto.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/private_dir.hpp"
#include "core/timestamp.hpp"
#include "ops/backup_file.hpp"

namespace ssomap::ops {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".json";
constexpr std::size_t kKeySize = 32;
constexpr const char* kKeyFile = ".backup-key";
// A ConfigMap holds at most 1 MiB of data; its JSON, escaped, stays well under this.
constexpr std::uintmax_t kMaxBackupBytes = 8u << 20;

// 20261129T041503Z (file names) and 2026-11-29T04:15:03.123Z (provenance).
std::string Stamp(TimePoint now, bool for_name) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, for_name ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%S", &tm);
  if (for_name) return buffer;
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{}.{:03}Z", buffer, ms);
}

// A backup's name: `<kStampDigits-character UTC stamp>-rv<resourceVersion>-<tag>.json`, the tag
// the first kTagDigits hex digits of HMAC-SHA256(key, "kubectl-ssomap backup " + the rest), so
// that Prune can tell our backups, and their order, from the name alone.
constexpr std::size_t kTagDigits = 16;
constexpr std::size_t kStampDigits = 16;  // 20261129T041503Z
constexpr std::size_t kDayDigits = 8;     // 20261129

std::string NameTag(std::string_view key, std::string_view stem) {
  return encoding::Hex(crypto::HmacSha256(key, fmt::format("kubectl-ssomap backup {}", stem)))
      .substr(0, kTagDigits);
}

// A name of ours, parsed: its stamp and resourceVersion; nullopt when the tag does not sign it.
struct SignedName {
  std::string name;
  std::string_view stamp;
  unsigned long long resource_version = 0;
};

std::optional<SignedName> ParseSignedName(std::string name, std::string_view key) {
  std::string_view base(name);
  base.remove_suffix(kSuffix.size());
  const auto dash = base.rfind('-');
  if (dash == std::string_view::npos || dash < kStampDigits + 3 ||
      base.substr(kStampDigits, 3) != "-rv")
    return std::nullopt;
  const auto tag = base.substr(dash + 1);
  const auto want = NameTag(key, base.substr(0, dash));
  if (tag.size() != want.size() || CRYPTO_memcmp(tag.data(), want.data(), want.size()) != 0)
    return std::nullopt;
  SignedName out{std::move(name), {}, 0};
  const std::string_view rv(out.name.data() + kStampDigits + 3, dash - kStampDigits - 3);
  std::from_chars(rv.data(), rv.data() + rv.size(), out.resource_version);  // 0 if not decimal
  out.stamp = std::string_view(out.name).substr(0, kStampDigits);
  return out;
}

// Keeps a resourceVersion usable in a file name (they are decimal in practice).
std::string FileSafe(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 64))
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_') ? c : '_';
  return out;
}

std::string NormalizeServer(std::string server) {
  while (server.ends_with('/')) server.pop_back();
  std::transform(server.begin(), server.end(), server.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return server;
}

std::string Random(std::size_t size) {
  std::string bytes(size, '\0');
  std::size_t filled = 0;
  while (filled < size) {
    const auto n = ::getrandom(bytes.data() + filled, size - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(fmt::format("cannot get random bytes: {}", std::strerror(errno)));
    filled += static_cast<std::size_t>(n);
  }
  return bytes;
}

Error KeyError(const fs::path& path, const std::string& why) {
  return Error(fmt::format("backup key {} {}: backups cannot be verified", path.string(), why),
               fmt::format("remove {} (a new key is made on the next write; older backups then "
                           "show as untrusted)",
                           path.string()),
               Exit::kRefused);
}

}  // namespace

ClusterIdentity ClusterIdentityOf(const kube::ResolvedContext& context) {
  static const std::regex kEksArn(R"(^arn:aws[a-z-]*:eks:[a-z0-9-]+:[0-9]{12}:cluster/.+$)");
  ClusterIdentity id;
  id.server = NormalizeServer(context.cluster.server);
  if (std::regex_match(context.cluster.name, kEksArn)) id.cluster_arn = context.cluster.name;
  id.context = context.name;
  return id;
}

BackupStore::BackupStore(fs::path root, ClusterIdentity cluster, std::string tool_version, int keep)
    : root_(std::move(root)),
      cluster_(std::move(cluster)),
      tool_version_(std::move(tool_version)),
      keep_(std::max(1, keep)) {
  cluster_.server = NormalizeServer(cluster_.server);
}

fs::path BackupStore::DefaultRoot(const Environment& env) {
  if (auto dir = env.Get("KUBECTL_SSOMAP_BACKUP_DIR"); dir && !dir->empty())
    return ExpandHome(*dir, env);
  return fs::path(env.Home()) / ".kube" / "ssomap" / "backups";
}

int BackupStore::KeepFrom(const Environment& env) {
  const auto text = env.Get("KUBECTL_SSOMAP_BACKUP_KEEP");
  if (!text || text->empty()) return kDefaultKeep;
  int keep = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), keep);
  if (ec != std::errc() || end != text->data() + text->size() || keep < 1) {
    throw UsageError("KUBECTL_SSOMAP_BACKUP_KEEP must be a positive number of backups to keep",
                     "e.g. export KUBECTL_SSOMAP_BACKUP_KEEP=50");
  }
  return keep;
}

fs::path BackupStore::ClusterDir() const {
  return root_ / "clusters" / crypto::Sha256Hex(cluster_.server).substr(0, 32);
}

BackupStore BackupStore::ExpectingUid(std::string uid) const {
  BackupStore copy = *this;
  copy.expected_uid_ = std::move(uid);
  return copy;
}

std::string BackupStore::Key(bool create) const {
  const auto path = root_ / kKeyFile;
  for (int round = 0; round < 2; ++round) {
    if (auto why = files::WhyNotPrivateFile(path); why.empty()) {
      auto key = files::Read(path);
      if (key.size() != kKeySize) throw KeyError(path, "is not 32 bytes");
      return key;
    } else if (why != "does not exist") {
      throw KeyError(path, why);
    }
    if (!create) return {};
    // Written aside and linked in: a concurrent writer's key wins, nobody reads half a key.
    files::EnsurePrivateDir(root_);
    const auto tmp = root_ / fmt::format(".backup-key.{}.tmp", ::getpid());
    files::WriteAtomic(tmp, Random(kKeySize));
    const int rc = ::link(tmp.c_str(), path.c_str());
    const int err = errno;
    std::error_code ec;
    fs::remove(tmp, ec);
    if (rc != 0 && err != EEXIST)
      throw Error(fmt::format("cannot create {}: {}", path.string(), std::strerror(err)));
  }
  throw KeyError(path, "keeps changing");
}

Backup BackupStore::Save(const std::string& context, const nlohmann::json& configmap,
                         TimePoint now) const {
  const auto uid = configmap.value("/metadata/uid"_json_pointer, std::string());
  if (expected_uid_ && *expected_uid_ != uid) {
    throw Error(fmt::format("aws-auth was replaced since it was checked (uid {} is now {}); "
                            "nothing was written",
                            expected_uid_->empty() ? "none" : *expected_uid_, uid),
                "run the command again to check the new object", Exit::kRefused);
  }
  Provenance p;
  p.cluster = cluster_;
  p.cluster.context = context;
  p.uid = uid;
  p.resource_version = configmap.value("/metadata/resourceVersion"_json_pointer, std::string());
  p.taken_at = Stamp(now, false);
  p.tool_version = tool_version_;
  fs::path path;
  try {
    const auto key = Key(true);
    const auto stem = fmt::format("{}-rv{}", Stamp(now, true), FileSafe(p.resource_version));
    path = ClusterDir() / fmt::format("{}-{}{}", stem, NameTag(key, stem), kSuffix);
    files::EnsurePrivateDir(root_ / "clusters");
    files::WriteAtomic(path, EncodeBackup(p, configmap, key));
  } catch (const Error& e) {
    throw Error(
        fmt::format("cannot save a backup of aws-auth before writing it: {}", e.what()),
        "make the backup directory writable or set KUBECTL_SSOMAP_BACKUP_DIR; nothing was written",
        e.exit() == Exit::kError ? Exit::kError : e.exit());
  }
  try {
    Prune();
  } catch (const Error&) {
    // Pruning is housekeeping: the backup is saved, the write may go ahead.
  }
  Backup backup;
  backup.name = path.filename().string();
  backup.path = path;
  backup.provenance = std::move(p);
  return backup;
}

Backup BackupStore::Read(const fs::path& path, const std::string* key, TimePoint now,
                         nlohmann::json* configmap) const {
  Backup b;
  b.name = path.filename().string();
  b.path = path;
  if (auto why = files::WhyNotPrivateFile(path); !why.empty()) {
    b.untrusted = "the file " + why;
    return b;
  }
  std::error_code ec;
  if (fs::file_size(path, ec) > kMaxBackupBytes || ec) {
    b.untrusted = "the file is larger than a ConfigMap can be";
    return b;
  }
  auto decoded = DecodeBackup(files::Read(path), key ? *key : std::string());
  b.provenance = std::move(decoded.provenance);
  if (!key || key->empty()) {
    b.untrusted = "there is no backup key to verify it with";
  } else if (!decoded.problem.empty()) {
    b.untrusted = "the file " + decoded.problem;
  }
  const auto taken = timestamp::ParseRfc3339(b.provenance.taken_at);
  if (b.trusted() && !taken) b.untrusted = "the file records no valid time";
  b.future = taken && *taken > now + kClockSkew;
  if (b.trusted()) {
    awsauth::Data data;
    const auto saved = decoded.configmap.value("data", nlohmann::json::object());
    for (const auto& [k, v] : saved.items()) data[k] = v.get<std::string>();
    const auto auth = awsauth::Parse(data);
    b.mappings = auth.roles.size() + auth.users.size();
    if (configmap) *configmap = std::move(decoded.configmap);
  }
  return b;
}

std::vector<Backup> BackupStore::List(TimePoint now) const {
  std::vector<Backup> backups;
  std::error_code ec;
  if (!fs::exists(ClusterDir(), ec)) return backups;
  files::EnsurePrivateDir(ClusterDir());
  const auto key = Key(false);
  for (fs::directory_iterator it(ClusterDir(), ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.starts_with('.') || !name.ends_with(kSuffix)) continue;
    backups.push_back(Read(it->path(), &key, now, nullptr));
  }
  // Newest first by the time each records; untrusted ones (no reliable time) by name, last.
  std::sort(backups.begin(), backups.end(), [](const Backup& a, const Backup& b) {
    if (a.trusted() != b.trusted()) return a.trusted();
    const auto& ta = a.provenance.taken_at;
    const auto& tb = b.provenance.taken_at;
    return ta != tb ? ta > tb : a.name > b.name;
  });
  return backups;
}

std::pair<Backup, nlohmann::json> BackupStore::Load(const std::string& name, TimePoint now) const {
  const auto backups = List(now);
  const auto where = fmt::format("{} (context {})", cluster_.server, cluster_.context);
  const auto it = name == "latest"
                      ? std::find_if(backups.begin(), backups.end(),
                                     [](const Backup& b) { return b.trusted() && !b.future; })
                      : std::find_if(backups.begin(), backups.end(), [&](const Backup& b) {
                          return b.name == name || b.name == name + std::string(kSuffix);
                        });
  if (it == backups.end()) {
    if (name == "latest") {
      throw Error(fmt::format("no trusted aws-auth backup of cluster {}", where),
                  "backups are taken by add, remove and restore before they write; "
                  "`kubectl ssomap restore` lists what there is");
    }
    throw Error(fmt::format("no backup '{}' of cluster {}", name, where),
                "run `kubectl ssomap restore` to list this cluster's backups");
  }
  if (!it->trusted()) {
    throw Error(fmt::format("backup {} cannot be trusted: {}", it->path.string(), it->untrusted),
                "restore only puts back what this tool saved; inspect the file, and apply its "
                "data by hand if you trust it",
                Exit::kRefused);
  }
  nlohmann::json configmap;
  const auto key = Key(false);
  auto backup = Read(it->path, &key, now, &configmap);
  if (!backup.trusted())  // changed between List and now
    throw Error(fmt::format("backup {} cannot be trusted: {}", it->path.string(), backup.untrusted),
                "", Exit::kRefused);
  return {std::move(backup), std::move(configmap)};
}

std::size_t BackupStore::Prune() const {
  // By name alone: reading and verifying every backup kept on each write made add at 5,000
  // entries cost ~2x its CPU (bench/README.md). A name's tag proves it is ours.
  const auto key = Key(false);
  std::vector<SignedName> ours;
  std::error_code ec;
  for (fs::directory_iterator it(ClusterDir(), ec), end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    if (name.starts_with('.') || !name.ends_with(kSuffix)) continue;
    if (auto parsed = ParseSignedName(std::move(name), key)) ours.push_back(std::move(*parsed));
  }
  // Newest first: by stamp (one-second steps), then by resourceVersion as a number, which grows
  // with every write of the object.
  std::sort(ours.begin(), ours.end(), [](const SignedName& a, const SignedName& b) {
    return a.stamp != b.stamp ? a.stamp > b.stamp : a.resource_version > b.resource_version;
  });
  std::map<std::string_view, const SignedName*> oldest_of_day;  // "YYYYMMDD" → its oldest
  for (const auto& n : ours) oldest_of_day[n.stamp.substr(0, kDayDigits)] = &n;  // newest first
  std::size_t removed = 0;
  for (std::size_t i = static_cast<std::size_t>(keep_); i < ours.size(); ++i) {
    if (oldest_of_day[ours[i].stamp.substr(0, kDayDigits)] == &ours[i]) continue;
    if (fs::remove(ClusterDir() / ours[i].name, ec)) ++removed;
  }
  if (removed > 0) files::SyncDir(ClusterDir());
  return removed;
}

}  // namespace ssomap::ops
