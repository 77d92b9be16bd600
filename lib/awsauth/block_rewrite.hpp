#pragma once
/// A list written in flow or JSON style (`mapRoles: '[{"rolearn": …}]'`, as Terraform's
/// jsonencode writes it) is valid YAML the authenticator reads, but its entries cannot be edited
/// line by line. Such a key is rewritten in block style, every mapping kept (the edit's
/// verification parses the result and compares every entry), and the user is told.

#include <optional>
#include <string>
#include <string_view>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// The entries of `source` in `parsed` written as a block list, or nullopt when one of them
/// cannot be written back exactly (an entry the authenticator drops, or one with a field of the
/// wrong type: rewriting would change what the cluster sees).
std::optional<std::string> BlockRewrite(const AwsAuth& parsed, Source source);

/// True when `value` is a flow list: its first character other than blanks is `[`.
bool IsFlowList(std::string_view value);

/// True when an edit of `source` rewrites its key in block style: the key's text is not a block
/// list that can be edited in place, and BlockRewrite can write it.
bool RewritesInBlockStyle(const Data& data, const AwsAuth& parsed, Source source);

}  // namespace ssomap::awsauth
