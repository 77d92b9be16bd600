#include "core/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/private_dir.hpp"

namespace ssomap::files {
namespace {

/// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Error SystemError(std::string_view what, const std::filesystem::path& path, int err) {
  return Error(fmt::format("{} {}: {}", what, path.string(), std::strerror(err)));
}

}  // namespace

std::optional<std::string> ReadIfExists(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    throw SystemError("cannot read", path, errno);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw SystemError("cannot read", path, errno);
  return std::move(buffer).str();
}

std::string Read(const std::filesystem::path& path) {
  auto content = ReadIfExists(path);
  if (!content)
    throw Error(fmt::format("cannot read {}: no such file", path.string()), "check the path");
  return *std::move(content);
}

void WriteAtomic(const std::filesystem::path& path, const std::string& content) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  EnsurePrivateDir(dir);
  RemoveStaleTemps(dir);
  std::random_device rd;
  const auto random = (static_cast<unsigned long long>(rd()) << 32) | rd();
  const auto tmp = TempNameFor(dir / path.filename(), static_cast<long>(::getpid()), random);
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) throw SystemError("cannot create", tmp, errno);
  std::size_t written = 0;
  while (written < content.size()) {
    auto n = ::write(fd.get(), content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      throw SystemError("cannot write", tmp, err);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw SystemError("cannot write", tmp, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw SystemError("cannot replace", path, err);
  }
  // The rename is durable only once the directory entry is on disk.
  SyncDir(dir);
}

}  // namespace ssomap::files
