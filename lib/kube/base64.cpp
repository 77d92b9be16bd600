#include "kube/base64.hpp"

#include <algorithm>
#include <cctype>

#include "core/encoding.hpp"

namespace ssomap::kube {

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string compact(text);
  compact.erase(std::remove_if(compact.begin(), compact.end(),
                               [](unsigned char c) { return std::isspace(c) != 0; }),
                compact.end());
  return encoding::Base64Decode(compact);
}

std::string EncodeBase64(std::string_view bytes) { return encoding::Base64(bytes); }

}  // namespace ssomap::kube
