#pragma once
/// The aws-auth ConfigMap as aws-iam-authenticator reads it (reference aws-auth-and-peers.md §1.3).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ssomap::awsauth {

/// The data keys the authenticator reads (exact, case-sensitive).
inline constexpr const char* kMapRoles = "mapRoles";
inline constexpr const char* kMapUsers = "mapUsers";
inline constexpr const char* kMapAccounts = "mapAccounts";

/// ConfigMap `data`: key → value text.
using Data = std::map<std::string, std::string>;

/// The alpha `sso:` matcher of a mapRoles entry.
struct SsoMatcher {
  std::string permission_set_name;
  std::string account_id;
  std::string partition;
  bool operator==(const SsoMatcher&) const = default;
};

/// Which list an entry comes from.
enum class Source { kRoles, kUsers };
const char* SourceKey(Source source);

/// One entry of mapRoles or mapUsers, as the authenticator decodes it.
struct Mapping {
  Source source = Source::kRoles;
  std::string arn;  ///< rolearn or userarn, as written
  std::string username;
  std::vector<std::string> groups;
  std::optional<SsoMatcher> sso;  ///< mapRoles only
  std::string userid;
  std::size_t index = 0;  ///< position in its list (0-based), counting every item
  std::size_t line = 0;   ///< 1-based line of the item within the key's value
  std::string invalid;    ///< why the authenticator drops this entry, or empty
  std::string ignored;    ///< fields of the wrong type, which the authenticator reads as empty

  /// The mapping's meaning, for comparing before and after an edit (positions ignored).
  bool SameAs(const Mapping& other) const {
    return source == other.source && arn == other.arn && username == other.username &&
           groups == other.groups && sso == other.sso && userid == other.userid &&
           invalid == other.invalid && ignored == other.ignored;
  }
};

/// A key whose YAML does not decode: all its entries are lost to the authenticator.
struct KeyError {
  std::string key;
  std::size_t line = 0;  ///< 1-based line within the key's value (0 when unknown)
  std::string message;
  bool operator==(const KeyError&) const = default;
};

/// The whole decoded aws-auth.
struct AwsAuth {
  std::vector<Mapping> roles;
  std::vector<Mapping> users;
  std::vector<std::string> accounts;
  std::vector<KeyError> errors;

  const std::vector<Mapping>& List(Source s) const { return s == Source::kRoles ? roles : users; }
};

}  // namespace ssomap::awsauth
