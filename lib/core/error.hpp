#pragma once
/// The one error type of kubectl-ssomap: what failed, and where known, how to fix it.

#include <stdexcept>
#include <string>
#include <string_view>

namespace ssomap {

/// Process exit codes. Few, named, and documented in `--help` and the README.
enum class Exit : int {
  kOk = 0,       ///< success
  kError = 1,    ///< the operation failed: bad input, I/O, a server said no
  kUsage = 2,    ///< the command line is wrong (unknown command or flag, missing value)
  kRefused = 3,  ///< a safety check refused the change; nothing was written
  kAuth = 4,     ///< credentials missing, expired or rejected (AWS or the cluster)
  /// A write was sent but its outcome could not be confirmed (the reply was lost and reading
  /// aws-auth again failed): check with `kubectl ssomap list` (issue 11 §4).
  kUnknown = 5,
};

/// A failure with a one-line message and an optional remedy (`hint:` line).
/// Errors gain context as they rise: `e.WithContext("reading kubeconfig")`.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string hint = {}, Exit exit = Exit::kError);

  /// The command or action that fixes it, or empty.
  const std::string& hint() const noexcept { return hint_; }
  Exit exit() const noexcept { return exit_; }

  /// The same error with "context: " in front of the message.
  [[nodiscard]] Error WithContext(std::string_view context) const;
  /// The same error with a hint, unless it already has one.
  [[nodiscard]] Error WithHint(std::string hint) const;

 private:
  std::string hint_;
  Exit exit_;
};

/// A command-line mistake (exit 2).
Error UsageError(const std::string& message, std::string hint = {});

}  // namespace ssomap
