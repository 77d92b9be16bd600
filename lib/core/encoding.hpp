#pragma once
/// Byte encodings: hex, base64 (standard and URL-safe without padding), RFC 3986 percent
/// encoding as SigV4 requires it, and application/x-www-form-urlencoded bodies.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssomap::encoding {

/// Lower-case hex of every byte ("ab01…").
std::string Hex(std::string_view bytes);

/// Standard base64 with `=` padding (RFC 4648 §4).
std::string Base64(std::string_view bytes);
/// Whether Base64Decode skips whitespace and line breaks (as Go's decoder does for kubeconfig
/// `*-data` fields).
enum class Whitespace { kRefuse, kSkip };
/// Decodes standard base64, padded or not; nullopt if `text` is not base64.
std::optional<std::string> Base64Decode(std::string_view text,
                                        Whitespace whitespace = Whitespace::kRefuse);

/// URL-safe base64 without padding (RFC 4648 §5, Go's RawURLEncoding): the EKS token body.
std::string Base64UrlNoPad(std::string_view bytes);

/// Whether `/` survives UriEncode (paths keep it, query keys and values do not).
enum class Slash { kEncode, kKeep };

/// RFC 3986 percent-encoding as SigV4 defines UriEncode: every byte except the unreserved set
/// `A-Z a-z 0-9 - _ . ~` (and `/` when kept) becomes `%XX` with upper-case hex; space is `%20`.
std::string UriEncode(std::string_view bytes, Slash slash = Slash::kEncode);

/// Percent-decodes `%XX` sequences; other bytes (including `+`) are kept. A `%` not followed
/// by two hex digits is kept as it is.
std::string UriDecode(std::string_view text);

/// Name/value pairs in order (query strings, form bodies).
using Params = std::vector<std::pair<std::string, std::string>>;

/// `k=v&k2=v2` with keys and values UriEncode'd, in the given order: the AWS query protocol's
/// form body (`Action=GetCallerIdentity&Version=2011-06-15`) and query strings.
std::string FormEncode(const Params& params);

}  // namespace ssomap::encoding
