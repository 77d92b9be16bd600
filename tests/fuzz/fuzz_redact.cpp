// libFuzzer target: the one redaction (core/redact.hpp) never crashes and is idempotent, and a
// planted secret behind each key it knows never survives it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/redact.hpp"

using namespace ssomap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto once = redact::Text(text);
  if (redact::Text(once) != once) __builtin_trap();
  // The input as a value behind a secret key, in the forms a file or log line takes. An input
  // that holds the marker itself may show it where it is no secret (after a closed JSON string).
  static constexpr std::string_view kPlanted = "Zq9SECRETzq9";
  if (text.find(kPlanted) != std::string::npos) return 0;
  for (const std::string& shaped : {"aws_secret_access_key = " + std::string(kPlanted) + text,
                                    "aws_session_token " + std::string(kPlanted) + text,
                                    "{\"accessToken\": \"" + std::string(kPlanted) + "\"}" + text,
                                    "Authorization: Bearer " + std::string(kPlanted) + text}) {
    if (redact::Text(shaped).find(kPlanted) != std::string::npos) __builtin_trap();
  }
  return 0;
}
