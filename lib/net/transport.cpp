#include "net/transport.hpp"

namespace ssomap::net {

std::string Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace ssomap::net
