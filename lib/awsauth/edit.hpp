#pragma once
/// Minimal text edits of aws-auth: add, replace or remove one mapping. Lines of untouched
/// entries, comments and other data keys stay byte-identical; every edit is verified by parsing
/// the result again and comparing it with the intent.

#include <cstddef>
#include <string>
#include <vector>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// The mapping to write.
struct NewMapping {
  std::string arn;
  std::string username;
  std::vector<std::string> groups;
};

/// Appends `mapping` to the list of `source`, indented like its neighbours (clean YAML when the
/// key is empty or missing).
Data AddMapping(const Data& data, Source source, const NewMapping& mapping);

/// Replaces entry `index` of `source` in place.
Data ReplaceMapping(const Data& data, Source source, std::size_t index, const NewMapping& mapping);

/// Removes entry `index` of `source`.
Data RemoveMapping(const Data& data, Source source, std::size_t index);

/// The same three, given `parsed` == Parse(data) already at hand, so that `data` is not
/// decoded again (a large aws-auth costs a noticeable time per decode). The result is still
/// parsed to verify it.
Data AddMapping(const Data& data, const AwsAuth& parsed, Source source, const NewMapping& mapping);
Data ReplaceMapping(const Data& data, const AwsAuth& parsed, Source source, std::size_t index,
                    const NewMapping& mapping);
Data RemoveMapping(const Data& data, const AwsAuth& parsed, Source source, std::size_t index);

// All three throw ssomap::Error with Exit::kRefused, and change nothing, when the key does not
// parse (the message points at the line), when its text cannot be edited exactly (tabs; a flow
// list whose entries cannot be written back exactly), or when the result would drop or change
// any other mapping. A list in flow or JSON style is rewritten in block style, every mapping kept
// (block_rewrite.hpp; RewritesInBlockStyle tells the caller beforehand).

}  // namespace ssomap::awsauth
