#pragma once
/// Unpredictable seeds from OpenSSL's CSPRNG (RAND_bytes) rather than std::random_device: the
/// release binary links libstdc++ statically, and GCC 12's random_device calls glibc 2.36's
/// arc4random, which the systems the release runs on (RHEL 9: glibc 2.34) do not have.

#include <cstdint>

namespace ssomap::crypto {

/// 64 random bits. Throws ssomap::Error if OpenSSL cannot produce them.
std::uint64_t RandomSeed();

}  // namespace ssomap::crypto
