#include "core/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/private_dir.hpp"
#include "core/random_seed.hpp"

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

std::optional<std::string> ReadIfExists(const std::filesystem::path& path, std::size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw SystemError("cannot read", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw SystemError("cannot read", path, errno);
  if (S_ISDIR(st.st_mode)) {
    throw Error(fmt::format("cannot read {}: is a directory", path.string()),
                "point it at a file, not a directory");
  }
  const auto too_large = [&] {
    return Error(fmt::format("cannot read {}: larger than the {} MiB we read of a file",
                             path.string(), max_bytes >> 20),
                 "check that it is the right file");
  };
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) throw too_large();
  std::string content;
  if (S_ISREG(st.st_mode)) content.reserve(static_cast<std::size_t>(st.st_size));
  constexpr std::size_t kChunk = 64 * 1024;
  char buffer[kChunk];
  for (;;) {
    const auto n = ::read(fd.get(), buffer, kChunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SystemError("cannot read", path, errno);
    if (n == 0) break;
    // A file that grew while read, or a FIFO, is bounded the same way.
    if (content.size() + static_cast<std::size_t>(n) > max_bytes) throw too_large();
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return content;
}

std::string Read(const std::filesystem::path& path, std::size_t max_bytes) {
  auto content = ReadIfExists(path, max_bytes);
  if (!content)
    throw Error(fmt::format("cannot read {}: no such file", path.string()), "check the path");
  return *std::move(content);
}

void WriteAtomic(const std::filesystem::path& path, const std::string& content) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  EnsurePrivateDir(dir);
  RemoveStaleTemps(dir);
  // Not std::random_device: statically linked, GCC 12's calls arc4random (GLIBC_2.36).
  const auto random = static_cast<unsigned long long>(crypto::RandomSeed());
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
