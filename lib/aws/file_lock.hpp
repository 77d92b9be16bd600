#pragma once
/// An advisory exclusive lock (flock) on a lock file, so that concurrent runs refresh the shared
/// SSO token one at a time instead of racing to spend the same single-use refresh token.

#include <filesystem>

namespace ssomap::aws {

/// Holds `flock(LOCK_EX)` on `path` (created 0600) for its lifetime. If the file cannot be
/// created (a read-only cache), it holds nothing and `locked()` is false: callers go on unlocked.
class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool locked() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace ssomap::aws
