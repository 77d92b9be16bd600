#include "aws/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::aws {
namespace {

/// How often a held lock is tried again.
constexpr std::chrono::milliseconds kPollInterval{50};

}  // namespace

FileLock::FileLock(const std::filesystem::path& path, const deadline::Deadline& limit) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) return;
  const auto started = limit.Elapsed();
  // Bounded: each round sleeps kPollInterval or what is left of the deadline, and ends once the
  // deadline is spent.
  for (;;) {
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    const int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    const auto left = limit.Remaining();
    if (left.count() == 0) {
      ::close(fd_);
      fd_ = -1;
      throw Error(
          fmt::format("another process held the lock {} for all of the {} waited; the command's "
                      "time limit is {}",
                      path.string(), deadline::Describe(limit.Elapsed() - started),
                      deadline::Describe(limit.budget())),
          "another kubectl or aws command is refreshing the SSO token: try again, or raise "
          "--request-timeout");
    }
    std::this_thread::sleep_for(std::min(kPollInterval, left));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace ssomap::aws
