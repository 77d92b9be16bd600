#pragma once
/// Named problems of aws-auth entries: what would surprise an administrator, and why.

#include <string>
#include <vector>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// A named problem of one entry. Codes: arn-has-path, duplicate-arn (the same ARN in any case in
/// either list, with which entry the authenticator uses: match.hpp), ignored-field (a field of
/// the wrong type, read as empty: json_decode.hpp J4), role-in-mapusers, node-role, system-masters,
/// unknown-template, invalid-entry (parse-error is reported per key, in AwsAuth::errors).
struct Problem {
  std::string code;
  std::string message;
};

/// The problems of every entry, indexed like `auth.List(source)`.
std::vector<std::vector<Problem>> Check(const AwsAuth& auth, Source source);

/// True for the mapping of a node role (groups system:bootstrappers or system:nodes).
bool IsNodeRole(const Mapping& mapping);

/// The role ARNs that `now` maps as node roles and `next` no longer does (missing, invalid, or
/// mapped to other groups): writing `next` over `now` would take those nodes out of the cluster.
std::vector<std::string> DroppedNodeRoles(const AwsAuth& now, const AwsAuth& next);

/// The index of the last valid entry of `list` stored under `arn`'s key (role ARNs
/// case-insensitive, user ARNs as written), or -1. Within one list only: for what admits a
/// caller across both lists, use Match (match.hpp).
long WinningIndex(const std::vector<Mapping>& list, const std::string& arn);

}  // namespace ssomap::awsauth
