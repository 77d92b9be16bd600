#pragma once
// A temporary directory for unit tests (mkdtemp under the system's temporary directory),
// removed with everything in it when the test ends, and the permission bits of what is in it.
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "core/error.hpp"

namespace ssomap::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ssomap-unit-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw Error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// The permission bits of `path` itself (lstat: a symbolic link is not followed).
inline unsigned Mode(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) throw Error("lstat failed: " + path.string());
  return st.st_mode & 07777;
}

}  // namespace ssomap::testing
