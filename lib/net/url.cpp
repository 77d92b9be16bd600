#include "net/url.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::net {
namespace {

constexpr int kHttpPort = 80;
constexpr int kHttpsPort = 443;
constexpr int kMaxPort = 65535;

[[noreturn]] void Bad(std::string_view url, std::string_view why) {
  throw Error(fmt::format("invalid URL {}: {}", text::Quote(url), why));
}

}  // namespace

std::string Url::HostHeader() const {
  const int default_port = scheme == "http" ? kHttpPort : kHttpsPort;
  if (port && *port != default_port) return fmt::format("{}:{}", host, *port);
  return host;
}

std::string Url::ToString() const {
  std::string out = scheme + "://" + host;
  if (port) out += fmt::format(":{}", *port);
  out += path;
  if (has_query) out += "?" + query;
  return out;
}

Url ParseUrl(std::string_view url) {
  Url out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) Bad(url, "no scheme (expected https://...)");
  out.scheme = text::Lower(url.substr(0, scheme_end));
  if (out.scheme != "https" && out.scheme != "http") Bad(url, "the scheme must be https or http");
  std::string_view rest = url.substr(scheme_end + 3);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) Bad(url, "unclosed IPv6 address");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') Bad(url, "junk after the IPv6 address");
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) Bad(url, "no host");
  out.host = text::Lower(host);
  if (!port.empty()) {
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value <= 0 || value > kMaxPort) {
      Bad(url, "bad port");
    }
    out.port = value;
  }
  const auto question = tail.find('?');
  out.path = std::string(tail.substr(0, question));
  if (question != std::string_view::npos) {
    out.has_query = true;
    out.query = std::string(tail.substr(question + 1));
  }
  return out;
}

}  // namespace ssomap::net
