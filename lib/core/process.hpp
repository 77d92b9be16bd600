#pragma once
/// Running helper programs (kubeconfig exec plugins, credential_process) behind a seam.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ssomap {

struct ProcessRequest {
  std::vector<std::string> argv;           ///< argv[0] is looked up on PATH
  std::map<std::string, std::string> env;  ///< added to (or replacing in) the inherited environment
  bool inherit_stdin = false;              ///< interactive: the child reads the user's terminal
  bool capture_stderr = true;            ///< false: the child's stderr goes to ours (exec plugins)
  std::chrono::milliseconds timeout{0};  ///< 0 = none; on expiry the child is killed
};

struct ProcessResult {
  int exit_code = -1;      ///< the exit status, or 128+signal
  std::string out;         ///< stdout (may hold secrets: never log it)
  std::string err;         ///< stderr, when captured
  bool not_found = false;  ///< argv[0] could not be found or executed
  bool timed_out = false;
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual ProcessResult Run(const ProcessRequest& request) = 0;
};

/// posix_spawnp with pipes; never goes through a shell.
class RealProcessRunner final : public ProcessRunner {
 public:
  ProcessResult Run(const ProcessRequest& request) override;
};

}  // namespace ssomap
