#pragma once
/// SHA-256 and HMAC-SHA256 through OpenSSL's EVP interfaces, for SigV4 and cache-file names.
/// Digests are returned as raw bytes in a std::string; hex-encode them with encoding::Hex.

#include <string>
#include <string_view>

namespace ssomap::crypto {

/// Size of a SHA-256 digest in bytes.
inline constexpr std::size_t kSha256Size = 32;

/// The SHA-256 digest of `data` (32 raw bytes). Throws ssomap::Error if OpenSSL fails.
std::string Sha256(std::string_view data);

/// The lower-case hex SHA-256 digest of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

/// HMAC-SHA256 of `data` under `key` (32 raw bytes). Throws ssomap::Error if OpenSSL fails.
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace ssomap::crypto
