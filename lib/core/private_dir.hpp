#pragma once
/// Directories and files only this user can change (caches, backups, keys): created 0700/0600,
/// and verified — owner, mode, not a symlink — before anything in them is trusted (issue 11 §3).
/// Also the clean-up of temporary files that killed writes left behind (issue 11 §7).

#include <filesystem>
#include <string>

namespace ssomap::files {

/// Makes `dir` a private directory: missing components are created one by one with mode 0700;
/// then `dir` itself (lstat, never following a symlink) must be a directory owned by the
/// effective user, and any group/other permission bits are removed (a directory made 0755, or
/// 0777 under umask 000, is tightened to 0700). Throws ssomap::Error naming the directory and the
/// fix when it is a symlink, not a directory, or owned by another user.
void EnsurePrivateDir(const std::filesystem::path& dir);

/// Empty when `path` is a regular file (lstat: not a symlink) owned by the effective user with
/// no group/other permission bits; otherwise why not ("is a symlink", "is owned by uid 1001",
/// "has mode 0644", …). Missing files are "does not exist".
std::string WhyNotPrivateFile(const std::filesystem::path& path);

/// The temporary name WriteAtomic uses for `path`: `.<name>.<pid>.<16 hex>.tmp` beside it.
std::filesystem::path TempNameFor(const std::filesystem::path& path, long pid,
                                  unsigned long long random);

/// Removes, in `dir`, temporary files of WriteAtomic whose writer is gone: the pid in the name no
/// longer runs, or the file is older than `kStaleTempAge`. Files of live writers are left alone.
/// Returns how many were removed; a missing directory is 0. Never throws.
std::size_t RemoveStaleTemps(const std::filesystem::path& dir);

/// A temporary file older than this is stale even if its pid was reused by another process.
inline constexpr auto kStaleTempAge = std::chrono::hours(1);

/// fsync(2) of a directory, so a rename in it survives a crash. Throws ssomap::Error.
void SyncDir(const std::filesystem::path& dir);

}  // namespace ssomap::files
