#pragma once
/// Decoding aws-auth data with aws-iam-authenticator's semantics (pkg/mapper/configmap ParseMap).

#include <string_view>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// Decodes mapRoles, mapUsers and mapAccounts. Never throws on bad YAML: a key that does not
/// decode is reported in `errors` (with its line) and contributes no entries, while the other
/// keys load. Keys inside entries are case-insensitive; skippable empty values load as empty.
AwsAuth Parse(const Data& data);

/// True for values the authenticator treats as empty: blank, "``", `""`, `''`.
bool IsSkippable(std::string_view value);

}  // namespace ssomap::awsauth
