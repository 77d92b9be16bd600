#include "core/clock.hpp"

#include <memory>
#include <random>
#include <thread>

#include "core/random_seed.hpp"

namespace ssomap {

Sleeper RealSleeper() {
  return [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
}

RandomSource RealRandom() {
  auto engine = std::make_shared<std::mt19937_64>(crypto::RandomSeed());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

}  // namespace ssomap
