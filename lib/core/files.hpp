#pragma once
/// Reading files and writing them atomically with mode 0600 (caches, backups, refreshed tokens).

#include <filesystem>
#include <optional>
#include <string>

namespace ssomap::files {

/// The whole file, or nullopt if it does not exist. Throws ssomap::Error on other failures.
std::optional<std::string> ReadIfExists(const std::filesystem::path& path);

/// The whole file. Throws ssomap::Error naming the path (and the fix) if it is missing or
/// unreadable.
std::string Read(const std::filesystem::path& path);

/// Writes `content` to `path` atomically: a temporary file (0600, TempNameFor) in the same
/// directory, fsync, rename, fsync of the directory. The directory is made private first
/// (EnsurePrivateDir: created 0700, verified, tightened) and stale temporary files of killed
/// writers in it are removed (RemoveStaleTemps). Never leaves a partial file behind.
void WriteAtomic(const std::filesystem::path& path, const std::string& content);

}  // namespace ssomap::files
