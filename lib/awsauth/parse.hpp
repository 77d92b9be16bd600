#pragma once
/// Decoding aws-auth data with aws-iam-authenticator's semantics (pkg/mapper/configmap ParseMap).

#include <functional>
#include <string>
#include <string_view>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// Decodes mapRoles, mapUsers and mapAccounts. Never throws on bad YAML: a key that does not
/// decode is reported in `errors` (with its line) and contributes no entries, while the other
/// keys load. Keys inside entries are case-insensitive; skippable empty values load as empty.
AwsAuth Parse(const Data& data);

/// Called with each entry of a streamed list, in order; the entry lives for the call only.
using EntryVisitor = std::function<void(const Mapping&)>;

/// Parse, except that the entries of `streamed` are handed to `visit` one by one instead of
/// kept (that list stays empty in the result): checking an edited 5,000-entry list this way
/// keeps megabytes of entries out of memory.
AwsAuth Parse(const Data& data, Source streamed, const EntryVisitor& visit);

struct Tree;

/// Decodes the value of `key` (mapRoles, mapUsers or mapAccounts) from `tree`, a tree already
/// read — by this library's readers, or by libyaml in the tests' oracle — into `out`: its
/// entries (or accounts), or an error. What Parse does after reading the YAML.
void DecodeTree(const std::string& key, const Tree& tree, AwsAuth& out);

/// True for values the authenticator treats as empty: blank, "``", `""`, `''`.
bool IsSkippable(std::string_view value);

}  // namespace ssomap::awsauth
