#include "core/random_seed.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstring>

#include "core/error.hpp"

namespace ssomap::crypto {

std::uint64_t RandomSeed() {
  std::array<unsigned char, sizeof(std::uint64_t)> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw Error("OpenSSL could not produce random bytes (RAND_bytes failed)");
  std::uint64_t seed = 0;
  std::memcpy(&seed, bytes.data(), bytes.size());
  return seed;
}

}  // namespace ssomap::crypto
