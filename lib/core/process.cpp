#include "core/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"
#include "ssomap_build_info.hpp"

extern char** environ;

namespace ssomap {
namespace {

/// A pipe whose ends close on scope exit.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
#if SSOMAP_HAVE_PIPE2
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
#else
    // POSIX (macOS has no pipe2): close-on-exec set right after. Children are spawned from this
    // thread only, so no spawn can run between the two calls.
    if (::pipe(fds) != 0)
      throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    for (int fd : fds) {
      if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
        throw Error(fmt::format("cannot set close-on-exec on a pipe: {}", std::strerror(errno)));
    }
#endif
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  void CloseRead() {
    if (fds[0] >= 0) ::close(std::exchange(fds[0], -1));
  }
  void CloseWrite() {
    if (fds[1] >= 0) ::close(std::exchange(fds[1], -1));
  }
};

/// posix_spawn_file_actions_t with RAII.
struct FileActions {
  posix_spawn_file_actions_t actions{};
  FileActions() { posix_spawn_file_actions_init(&actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
};

std::vector<std::string> BuildEnvironment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto name = entry.substr(0, entry.find('='));
    if (!overrides.count(name)) env.push_back(std::move(entry));
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

}  // namespace

ProcessResult RealProcessRunner::Run(const ProcessRequest& request) {
  ProcessResult result;
  if (request.argv.empty()) throw Error("no command to run");
  Pipe out, err, in;
  FileActions fa;
  posix_spawn_file_actions_adddup2(&fa.actions, out.fds[1], STDOUT_FILENO);
  if (request.capture_stderr)
    posix_spawn_file_actions_adddup2(&fa.actions, err.fds[1], STDERR_FILENO);
  if (!request.inherit_stdin)
    posix_spawn_file_actions_adddup2(&fa.actions, in.fds[0], STDIN_FILENO);

  std::vector<std::string> env = BuildEnvironment(request.env);
  std::vector<char*> argv, envp;
  for (const auto& a : request.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &fa.actions, nullptr, argv.data(), envp.data());
  if (rc != 0) {
    result.not_found = (rc == ENOENT || rc == EACCES);
    result.exit_code = 127;
    result.err = std::strerror(rc);
    return result;
  }
  out.CloseWrite();
  err.CloseWrite();
  in.CloseRead();
  in.CloseWrite();  // no input: the child sees EOF

  const auto deadline = std::chrono::steady_clock::now() + request.timeout;
  std::string* sinks[2] = {&result.out, &result.err};
  int fds[2] = {out.fds[0], request.capture_stderr ? err.fds[0] : -1};
  char buffer[16384];
  while (fds[0] >= 0 || fds[1] >= 0) {
    pollfd pfds[2];
    nfds_t n = 0;
    int which[2];
    for (int i = 0; i < 2; ++i) {
      if (fds[i] >= 0) {
        pfds[n] = {fds[i], POLLIN, 0};
        which[n++] = i;
      }
    }
    int wait_ms = -1;
    if (request.timeout.count() > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(pid, SIGKILL);
        result.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    int ready = ::poll(pfds, n, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (nfds_t k = 0; k < n; ++k) {
      if (!(pfds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      auto got = ::read(pfds[k].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[which[k]]->append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fds[which[k]] = -1;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status))
    result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.exit_code = 128 + WTERMSIG(status);
  // posix_spawnp reports a missing program as exit 127 from the child on glibc.
  if (result.exit_code == 127 && result.out.empty()) result.not_found = true;
  return result;
}

}  // namespace ssomap
