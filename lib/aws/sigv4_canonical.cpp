// SigV4 canonicalization: the URI, query string, headers and the canonical request itself.
#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "aws/sigv4.hpp"
#include "core/encoding.hpp"
#include "core/text.hpp"

namespace ssomap::aws::sigv4 {
namespace {

/// Whitespace that SigV4's Trimall removes and collapses (Python's str.split() on ASCII).
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// Trimall: leading and trailing whitespace removed, inner runs (obs-fold included) become one
/// space.
std::string Trimall(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

/// RFC 3986 §5.2.4 remove_dot_segments as botocore applies it: empty segments are dropped too,
/// a leading and a trailing `/` are kept, and "" becomes "/".
std::string RemoveDotSegments(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> kept;
  for (auto segment : text::Split(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else {
      kept.push_back(segment);
    }
  }
  std::string out;
  if (path.front() == '/') out.push_back('/');
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out.push_back('/');
    out += kept[i];
  }
  if (path.back() == '/' && !kept.empty()) out.push_back('/');
  return out;
}

}  // namespace

bool IsUnsignedHeader(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 11> kNeverSigned = {"connection",
                                                                    "expect",
                                                                    "keep-alive",
                                                                    "proxy-authenticate",
                                                                    "proxy-authorization",
                                                                    "te",
                                                                    "trailer",
                                                                    "transfer-encoding",
                                                                    "upgrade",
                                                                    "user-agent",
                                                                    "x-amzn-trace-id"};
  return std::find(kNeverSigned.begin(), kNeverSigned.end(), lower_name) != kNeverSigned.end();
}

std::string CanonicalUri(std::string_view wire_path, const Options& options) {
  std::string path = options.normalize_path || wire_path.empty() ? RemoveDotSegments(wire_path)
                                                                 : std::string(wire_path);
  return options.double_encode_path ? encoding::UriEncode(path, encoding::Slash::kKeep) : path;
}

std::string CanonicalQuery(std::string_view wire_query) {
  if (wire_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto piece : text::Split(wire_query, '&')) {
    const auto eq = piece.find('=');
    const auto key = piece.substr(0, eq);
    const auto value = eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    pairs.emplace_back(encoding::UriEncode(encoding::UriDecode(key)),
                       encoding::UriEncode(encoding::UriDecode(value)));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += key;
    out.push_back('=');
    out += value;
  }
  return out;
}

CanonicalHeaders CanonicalizeHeaders(const net::Headers& headers) {
  std::vector<std::pair<std::string, std::string>> lowered;
  for (const auto& [name, value] : headers) {
    auto lower = text::Lower(name);
    if (!IsUnsignedHeader(lower)) lowered.emplace_back(std::move(lower), Trimall(value));
  }
  // Stable: repeated names keep their arrival order when joined.
  std::stable_sort(lowered.begin(), lowered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (std::size_t i = 0; i < lowered.size(); ++i) {
    if (i > 0 && lowered[i].first == lowered[i - 1].first) {
      out.block.back() = ',';  // replace the previous line's '\n'
    } else {
      if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
      out.signed_headers += lowered[i].first;
      out.block += lowered[i].first;
      out.block.push_back(':');
    }
    out.block += lowered[i].second;
    out.block.push_back('\n');
  }
  return out;
}

std::string CanonicalRequest(std::string_view method, std::string_view canonical_uri,
                             std::string_view canonical_query, const CanonicalHeaders& headers,
                             std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + canonical_uri.size() + canonical_query.size() + headers.block.size() +
              headers.signed_headers.size() + payload_hash.size() + 5);
  out.append(method).append("\n");
  out.append(canonical_uri).append("\n");
  out.append(canonical_query).append("\n");
  out.append(headers.block).append("\n");
  out.append(headers.signed_headers).append("\n");
  out.append(payload_hash);
  return out;
}

}  // namespace ssomap::aws::sigv4
