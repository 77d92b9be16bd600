#pragma once
/// Splitting an absolute http(s) URL into the parts that signing and connecting need.

#include <optional>
#include <string>
#include <string_view>

namespace ssomap::net {

/// An absolute URL, split but not decoded: `path` and `query` are exactly as they appear.
struct Url {
  std::string scheme;       ///< lower-case, e.g. "https"
  std::string host;         ///< lower-case; IPv6 literals keep their brackets
  std::optional<int> port;  ///< explicit port, if the URL has one
  std::string path;         ///< "" when the URL has none
  std::string query;        ///< after `?`, without it; "" when none
  bool has_query = false;   ///< whether a `?` was present (even with nothing after it)

  /// `host` or `host:port` when the port is not the scheme's default: the HTTP Host header.
  std::string HostHeader() const;
  /// scheme://authority + path (+ ?query), rebuilt.
  std::string ToString() const;
};

/// Parses `url`; throws ssomap::Error naming it when it is not an absolute http(s) URL.
Url ParseUrl(std::string_view url);

}  // namespace ssomap::net
