#include "core/log.hpp"

#include <atomic>
#include <iostream>
#include <mutex>

#include "core/redact.hpp"

namespace ssomap::log {
namespace {

std::atomic<int> g_verbosity{0};
std::atomic<std::ostream*> g_sink{nullptr};
std::mutex g_write_mutex;

}  // namespace

void SetVerbosity(int level) { g_verbosity = level < 0 ? 0 : level; }
int Verbosity() { return g_verbosity; }
void SetSink(std::ostream* sink) { g_sink = sink; }

void Write(int level, std::string_view message) {
  if (!Enabled(level)) return;
  const std::string line = Redact(message);
  std::lock_guard lock(g_write_mutex);
  std::ostream* sink = g_sink.load();
  (sink ? *sink : std::cerr) << "I " << line << '\n';
}

std::string Redact(std::string_view text) { return redact::Text(text); }

std::string RedactHeader(std::string_view name, std::string_view value) {
  return redact::Header(name, value);
}

void Headers(std::string_view direction,
             const std::vector<std::pair<std::string, std::string>>& headers) {
  if (!Enabled(kHeaders)) return;
  for (const auto& [name, value] : headers) {
    Write(kHeaders, fmt::format("{} {}: {}", direction, name, RedactHeader(name, value)));
  }
}

}  // namespace ssomap::log
