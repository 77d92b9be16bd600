#pragma once
/// The clock as an input: signing, token expiry and caches take it rather than calling now().

#include <chrono>
#include <functional>

namespace ssomap {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

/// The real wall clock.
inline Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace ssomap
