#pragma once
/// Reading files and writing them atomically with mode 0600 (caches, backups, refreshed tokens).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace ssomap::files {

/// The most we read of any local file (kubeconfig, AWS config and credentials, SSO cache,
/// certificates, backups): 16 MiB, far above any real one. A larger file is refused rather than
/// read: a 50 MB ~/.aws/config would otherwise take a gigabyte once parsed.
inline constexpr std::size_t kMaxFileBytes = std::size_t{16} << 20;

/// The whole file, or nullopt if it does not exist. A directory is refused with
/// "<path>: is a directory" (kubectl's words) instead of being read as empty; a file larger than
/// `max_bytes` is refused naming its size. Throws ssomap::Error on those and other failures.
std::optional<std::string> ReadIfExists(const std::filesystem::path& path,
                                        std::size_t max_bytes = kMaxFileBytes);

/// The whole file. Throws ssomap::Error naming the path (and the fix) if it is missing,
/// a directory, larger than `max_bytes` or unreadable.
std::string Read(const std::filesystem::path& path, std::size_t max_bytes = kMaxFileBytes);

/// Writes `content` to `path` atomically: a temporary file (0600, TempNameFor) in the same
/// directory, fsync, rename, fsync of the directory. The directory is made private first
/// (EnsurePrivateDir: created 0700, verified, tightened) and stale temporary files of killed
/// writers in it are removed (RemoveStaleTemps). Never leaves a partial file behind.
void WriteAtomic(const std::filesystem::path& path, const std::string& content);

}  // namespace ssomap::files
