#pragma once
/// The command's time budget: what `--request-timeout` bounds. Every wait of a command draws on
/// one deadline — HTTP requests and all their retries (net::RetryingTransport, CurlTransport's
/// whole-request and connect timeouts), the SSO refresh lock, exec credential plugins — so a
/// command never waits longer than the user asked, however many tries it makes.
///
/// Without the flag (or with 0) the budget is kDefaultCommandTimeout: a silent server must fail
/// a command in reasonable time rather than hang a terminal (kubectl's 0 means "no limit"; ours
/// is documented in --help and the README).

#include <chrono>
#include <functional>
#include <string>

namespace ssomap::deadline {

/// The budget when --request-timeout is absent or 0.
inline constexpr std::chrono::milliseconds kDefaultCommandTimeout = std::chrono::seconds(60);

/// A monotonic time source (std::chrono::steady_clock::now, or a test's).
using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

/// A budget started at construction.
class Deadline {
 public:
  /// `budget` 0 or negative means kDefaultCommandTimeout.
  explicit Deadline(
      std::chrono::milliseconds budget,
      SteadyNow now = [] { return std::chrono::steady_clock::now(); });

  std::chrono::milliseconds budget() const { return budget_; }
  /// Time since the start.
  std::chrono::milliseconds Elapsed() const;
  /// Time left, 0 once spent.
  std::chrono::milliseconds Remaining() const;
  bool Spent() const { return Remaining().count() == 0; }
  /// `wanted` (0 = no limit of its own) cut to the time left; at least 1 ms, so a caller that
  /// checked Spent() first never passes 0 ("no limit") to a library.
  std::chrono::milliseconds Clamp(std::chrono::milliseconds wanted) const;
  /// Gives back time spent waiting on the person at the terminal (an MFA code, an interactive
  /// exec plugin): the budget bounds waits on machines, not on the user.
  void Exclude(std::chrono::milliseconds waited_on_user);

 private:
  std::chrono::milliseconds budget_;
  SteadyNow now_;
  std::chrono::steady_clock::time_point start_;
};

/// While alive, time passes without drawing on the command's deadline (Deadline::Exclude):
/// hold one around a prompt to the user.
class UserWait {
 public:
  UserWait();
  ~UserWait();
  UserWait(const UserWait&) = delete;
  UserWait& operator=(const UserWait&) = delete;

 private:
  std::chrono::steady_clock::time_point started_;
};

/// Starts the command's deadline (the CLI calls it once, after parsing --request-timeout).
void StartCommand(std::chrono::milliseconds budget);
/// The command's deadline; started with the default budget on first use if StartCommand was not
/// called (library tests).
Deadline& Command();

/// "2s", "1.5s", "250ms": a duration as a person reads it in a message.
std::string Describe(std::chrono::milliseconds d);

}  // namespace ssomap::deadline
