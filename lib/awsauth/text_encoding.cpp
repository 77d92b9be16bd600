#include "awsauth/text_encoding.hpp"

#include <cstdint>

#include "core/error.hpp"

namespace ssomap::awsauth {
namespace {

constexpr const char* kConvertHint =
    "save it as UTF-8: in PowerShell, kubectl get cm aws-auth -n kube-system -o yaml | "
    "Out-File -Encoding utf8 FILE; elsewhere, iconv -t UTF-8 FILE";

bool StartsWith(const std::string& s, std::initializer_list<unsigned char> bom) {
  if (s.size() < bom.size()) return false;
  std::size_t i = 0;
  for (auto b : bom) {
    if (static_cast<unsigned char>(s[i++]) != b) return false;
  }
  return true;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string FromUtf16(const std::string& bytes, bool little_endian, const char* name) {
  const auto bad = [&] {
    return UsageError(std::string("the file is ") + name +
                          " (it starts with a byte-order mark) "
                          "but does not decode as " +
                          name,
                      kConvertHint);
  };
  if (bytes.size() % 2 != 0) throw bad();
  const auto unit = [&](std::size_t i) {
    const auto a = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]));
    const auto b = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1]));
    return little_endian ? (b << 8) | a : (a << 8) | b;
  };
  std::string out;
  out.reserve(bytes.size() / 2);
  for (std::size_t i = 2; i < bytes.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00) {
      if (i + 3 >= bytes.size()) throw bad();
      const std::uint32_t low = unit(i + 2);
      if (low < 0xDC00 || low >= 0xE000) throw bad();
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      throw bad();
    }
    AppendUtf8(out, cp);
  }
  return out;
}

}  // namespace

std::string DecodeAsKubectl(std::string bytes) {
  // UTF-32 first: its little-endian mark begins like UTF-16's.
  if (StartsWith(bytes, {0xFF, 0xFE, 0x00, 0x00}) || StartsWith(bytes, {0x00, 0x00, 0xFE, 0xFF})) {
    throw UsageError(
        "the file is UTF-32 (it starts with a UTF-32 byte-order mark); kubectl and "
        "this tool read UTF-8, or UTF-16 with a byte-order mark",
        kConvertHint);
  }
  if (StartsWith(bytes, {0xFF, 0xFE})) return FromUtf16(bytes, true, "UTF-16LE");
  if (StartsWith(bytes, {0xFE, 0xFF})) return FromUtf16(bytes, false, "UTF-16BE");
  if (StartsWith(bytes, {0xEF, 0xBB, 0xBF})) bytes.erase(0, 3);
  return bytes;
}

}  // namespace ssomap::awsauth
