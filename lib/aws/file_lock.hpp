#pragma once
/// An advisory exclusive lock (flock) on a lock file, so that concurrent runs refresh the shared
/// SSO token one at a time instead of racing to spend the same single-use refresh token.

#include <filesystem>

#include "core/deadline.hpp"

namespace ssomap::aws {

/// Holds `flock(LOCK_EX)` on `path` (created 0600) for its lifetime. If the file cannot be
/// created (a read-only cache), it holds nothing and `locked()` is false: callers go on unlocked.
/// Waits for another holder at most until `limit` is spent (the command's --request-timeout),
/// then throws ssomap::Error naming the lock, how long it waited, and the fix.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path,
                    const deadline::Deadline& limit = deadline::Command());
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool locked() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace ssomap::aws
