#include "kube/impersonation.hpp"

#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::kube {
namespace {

// RFC 7230 tchar, as Go's httpguts.IsTokenRune accepts.
bool IsTokenByte(unsigned char c) {
  constexpr std::string_view kPunct = "!#$&'*+-.^_`|~";
  return std::isalnum(c) != 0 || kPunct.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

Impersonation ApplyFlags(Impersonation who, const ImpersonationFlags& flags,
                         const std::string& user_name) {
  if (flags.user) who.user = *flags.user;
  if (flags.uid) who.uid = *flags.uid;
  if (flags.groups) who.groups = *flags.groups;
  if (who.user.empty() && (!who.uid.empty() || !who.groups.empty() || !who.extra.empty())) {
    throw Error(fmt::format("requesting uid, groups or user-extra for {} without impersonating a "
                            "user",
                            user_name),
                "add --as USER (or `as:` in the kubeconfig user), as kubectl requires");
  }
  return who;
}

std::vector<std::pair<std::string, std::string>> ImpersonationHeaders(const Impersonation& who) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (who.empty()) return headers;
  headers.emplace_back("Impersonate-User", who.user);
  if (!who.uid.empty()) headers.emplace_back("Impersonate-Uid", who.uid);
  for (const auto& group : who.groups) headers.emplace_back("Impersonate-Group", group);
  for (const auto& [key, values] : who.extra) {
    for (const auto& value : values)
      headers.emplace_back("Impersonate-Extra-" + EscapeExtraKey(key), value);
  }
  return headers;
}

std::string EscapeExtraKey(std::string_view key) {
  std::string out;
  for (const char ch : key) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsTokenByte(c) && c != '%') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace ssomap::kube
