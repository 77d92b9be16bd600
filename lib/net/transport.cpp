#include "net/transport.hpp"

#include "ssomap_build_info.hpp"

namespace ssomap::net {

std::string Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::string UserAgent() { return std::string("kubectl-ssomap/") + SSOMAP_VERSION; }

}  // namespace ssomap::net
