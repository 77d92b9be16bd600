#include "aws/cache_keys.hpp"

#include <openssl/evp.h>

#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "core/error.hpp"

namespace ssomap::aws {

std::string Sha1Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    throw Error("computing a SHA-1 cache key failed (OpenSSL)");
  }
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0F];
  }
  return hex;
}

std::string SsoTokenCacheFileName(std::string_view start_url_or_session_name) {
  return Sha1Hex(start_url_or_session_name) + ".json";
}

std::string PythonJsonString(std::string_view s) {
  std::string out = "\"";
  // Decode UTF-8 so that non-ASCII code points become \uXXXX (surrogate pairs above U+FFFF).
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0 && i + 3 < s.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      len = 2;
    }
    i += len;
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp < 0x10000)) {
      out += fmt::format("\\u{:04x}", cp);
    } else if (cp >= 0x10000) {
      cp -= 0x10000;
      out += fmt::format("\\u{:04x}\\u{:04x}", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char>(cp);
    }
  }
  return out + "\"";
}

std::string SsoRoleCacheKey(std::string_view account_id, std::string_view role_name,
                            std::string_view session_name, std::string_view start_url) {
  // Keys sorted: accountId < roleName < sessionName / startUrl; separators (',', ':').
  auto json = fmt::format("{{\"accountId\":{},\"roleName\":{},", PythonJsonString(account_id),
                          PythonJsonString(role_name));
  json += session_name.empty()
              ? fmt::format("\"startUrl\":{}}}", PythonJsonString(start_url))
              : fmt::format("\"sessionName\":{}}}", PythonJsonString(session_name));
  return Sha1Hex(json);
}

std::string AssumeRoleCacheKey(const std::map<std::string, CacheArg>& kwargs) {
  std::string json = "{";
  bool first = true;
  for (const auto& [key, value] : kwargs) {  // std::map iterates sorted, like sort_keys=True
    if (!first) json += ", ";
    first = false;
    json += PythonJsonString(key) + ": ";
    if (const auto* s = std::get_if<std::string>(&value)) {
      json += PythonJsonString(*s);
    } else {
      json += std::to_string(std::get<long long>(value));
    }
  }
  json += "}";
  // botocore's _make_file_safe: the hash has no such characters, but keep the rule explicit.
  auto key = Sha1Hex(json);
  for (char& c : key) {
    if (c == ':' || c == '/') c = '_';
  }
  return key;
}

}  // namespace ssomap::aws
