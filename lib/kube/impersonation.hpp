#pragma once
/// Impersonation as kubectl does it: a kubeconfig user's `as`, `as-uid`, `as-groups`,
/// `as-user-extra` and the `--as`, `--as-uid`, `--as-group` flags become Impersonate-* headers
/// (client-go transport/round_trippers.go; the API server checks verb "impersonate" on users,
/// uids, groups and userextras/<key>).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssomap::kube {

struct Impersonation {
  std::string user;                                       ///< Impersonate-User
  std::string uid;                                        ///< Impersonate-Uid
  std::vector<std::string> groups;                        ///< one Impersonate-Group each
  std::map<std::string, std::vector<std::string>> extra;  ///< Impersonate-Extra-<key>, per value
  bool empty() const { return user.empty() && uid.empty() && groups.empty() && extra.empty(); }
};

/// The flags, each replacing the kubeconfig's field when given (clientcmd's overrides).
struct ImpersonationFlags {
  std::optional<std::string> user;                 ///< --as
  std::optional<std::string> uid;                  ///< --as-uid
  std::optional<std::vector<std::string>> groups;  ///< --as-group, repeated
};

/// The kubeconfig user's impersonation with the flags applied. Throws ssomap::Error (as
/// kubectl refuses) when a uid, groups or extras are asked for without a user to impersonate.
Impersonation ApplyFlags(Impersonation from_kubeconfig, const ImpersonationFlags& flags,
                         const std::string& user_name);

/// The headers to send, in client-go's order: User, Uid, each Group, each Extra value (its key
/// escaped with EscapeExtraKey). None when `who` is empty.
std::vector<std::pair<std::string, std::string>> ImpersonationHeaders(const Impersonation& who);

/// An extra's key as a header-name suffix: bytes legal in a header token except '%' kept, all
/// others percent-encoded upper-case (client-go headerKeyEscape), e.g. "scopes/a b" →
/// "scopes%2Fa%20b".
std::string EscapeExtraKey(std::string_view key);

}  // namespace ssomap::kube
