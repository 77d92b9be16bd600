#include "core/deadline.hpp"

#include <memory>
#include <mutex>

#include <fmt/format.h>

namespace ssomap::deadline {
namespace {

std::mutex g_mutex;
std::unique_ptr<Deadline> g_command;

}  // namespace

Deadline::Deadline(std::chrono::milliseconds budget, SteadyNow now)
    : budget_(budget.count() > 0 ? budget : kDefaultCommandTimeout),
      now_(std::move(now)),
      start_(now_()) {}

std::chrono::milliseconds Deadline::Elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(now_() - start_);
}

std::chrono::milliseconds Deadline::Remaining() const {
  const auto left = budget_ - Elapsed();
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

std::chrono::milliseconds Deadline::Clamp(std::chrono::milliseconds wanted) const {
  auto left = Remaining();
  if (wanted.count() > 0 && wanted < left) left = wanted;
  return left.count() > 0 ? left : std::chrono::milliseconds(1);
}

void Deadline::Exclude(std::chrono::milliseconds waited_on_user) {
  if (waited_on_user.count() > 0) start_ += waited_on_user;
}

UserWait::UserWait() : started_(std::chrono::steady_clock::now()) {}

UserWait::~UserWait() {
  Command().Exclude(std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_));
}

void StartCommand(std::chrono::milliseconds budget) {
  std::lock_guard lock(g_mutex);
  g_command = std::make_unique<Deadline>(budget);
}

Deadline& Command() {
  std::lock_guard lock(g_mutex);
  if (!g_command) g_command = std::make_unique<Deadline>(std::chrono::milliseconds(0));
  return *g_command;
}

std::string Describe(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{:.1f}s", static_cast<double>(ms) / 1000.0);
}

}  // namespace ssomap::deadline
