#pragma once
/// Time as an input: signing, token expiry and caches take the clock rather than calling now();
/// retries take the sleeper and the random source of their backoff.

#include <chrono>
#include <functional>

namespace ssomap {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

/// The real wall clock.
inline Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

/// Waits; the real one sleeps the thread, tests record.
using Sleeper = std::function<void(std::chrono::milliseconds)>;
/// Uniform random number in [0, 1).
using RandomSource = std::function<double()>;

/// std::this_thread::sleep_for.
Sleeper RealSleeper();
/// A std::mt19937_64 seeded from OpenSSL (crypto::RandomSeed).
RandomSource RealRandom();

}  // namespace ssomap
