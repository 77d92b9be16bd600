#include "core/private_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::files {
namespace {

namespace fs = std::filesystem;

constexpr mode_t kGroupOtherBits = S_IRWXG | S_IRWXO;
constexpr std::string_view kTempSuffix = ".tmp";

Error DirError(const fs::path& dir, const std::string& problem) {
  return Error(fmt::format("{} {}: refusing to keep private files there", dir.string(), problem),
               fmt::format("remove it (or fix its owner) and run again; the tool creates {} itself "
                           "with mode 0700",
                           dir.string()));
}

// Creates `dir` (mode 0700) when missing; EEXIST is fine, the caller checks what is there.
void MakeOne(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw Error(fmt::format("cannot create directory {}: {}", dir.string(), std::strerror(errno)));
}

// `.<name>.<pid>.<hex>.tmp` → pid, or 0 when the name is not one of ours.
long PidOfTemp(const std::string& name) {
  if (name.size() < 2 || name[0] != '.' || !name.ends_with(kTempSuffix)) return 0;
  const auto body = name.substr(0, name.size() - kTempSuffix.size());
  const auto hex_dot = body.rfind('.');
  if (hex_dot == std::string::npos || body.size() - hex_dot - 1 != 16) return 0;
  const auto pid_dot = body.rfind('.', hex_dot - 1);
  if (pid_dot == std::string::npos || pid_dot == 0) return 0;
  long pid = 0;
  const char* first = body.data() + pid_dot + 1;
  const char* last = body.data() + hex_dot;
  auto [end, ec] = std::from_chars(first, last, pid);
  return ec == std::errc() && end == last && pid > 0 ? pid : 0;
}

bool Runs(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

}  // namespace

void EnsurePrivateDir(const fs::path& dir) {
  // Create what is missing, outermost first, each component 0700 (mkdir ignores the umask's
  // loosening: it can only remove bits).
  fs::path partial;
  for (const auto& part : dir.lexically_normal()) {
    partial /= part;
    if (part.empty() || part == partial.root_path()) continue;
    struct stat st {};
    if (::lstat(partial.c_str(), &st) != 0) {
      if (errno != ENOENT)
        throw Error(fmt::format("cannot check {}: {}", partial.string(), std::strerror(errno)));
      MakeOne(partial);
    }
  }
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0)
    throw Error(fmt::format("cannot check {}: {}", dir.string(), std::strerror(errno)));
  if (S_ISLNK(st.st_mode)) throw DirError(dir, "is a symbolic link");
  if (!S_ISDIR(st.st_mode)) throw DirError(dir, "is not a directory");
  if (st.st_uid != ::geteuid()) throw DirError(dir, fmt::format("is owned by uid {}", st.st_uid));
  if ((st.st_mode & kGroupOtherBits) != 0 && ::chmod(dir.c_str(), S_IRWXU) != 0)
    throw Error(
        fmt::format("cannot make {} private (mode 0700): {}", dir.string(), std::strerror(errno)));
}

std::string WhyNotPrivateFile(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0)
    return errno == ENOENT ? "does not exist" : std::strerror(errno);
  if (S_ISLNK(st.st_mode)) return "is a symbolic link";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (st.st_uid != ::geteuid()) return fmt::format("is owned by uid {}", st.st_uid);
  if ((st.st_mode & kGroupOtherBits) != 0)
    return fmt::format("has mode {:04o}, not 0600", st.st_mode & 07777);
  return {};
}

fs::path TempNameFor(const fs::path& path, long pid, unsigned long long random) {
  return path.parent_path() /
         fmt::format(".{}.{}.{:016x}{}", path.filename().string(), pid, random, kTempSuffix);
}

std::size_t RemoveStaleTemps(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const long pid = PidOfTemp(it->path().filename().string());
    if (pid == 0 || !it->is_regular_file(ec)) continue;
    const auto written = it->last_write_time(ec);
    const bool old = !ec && now - written > kStaleTempAge;
    if ((old || !Runs(pid)) && fs::remove(it->path(), ec)) ++removed;
  }
  return removed;
}

void SyncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("cannot open {}: {}", dir.string(), std::strerror(errno)));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw Error(fmt::format("cannot sync {}: {}", dir.string(), std::strerror(err)));
}

}  // namespace ssomap::files
