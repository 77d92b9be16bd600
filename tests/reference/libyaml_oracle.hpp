#pragma once
// The oracle of issue 10 §2: libyaml itself (Debian's libyaml-0-2, the C library go-yaml is a
// port of) reads each aws-auth key, and the library's decoder applies the authenticator's struct
// rules to libyaml's tree. Used by the unit test awsauth/parse_differential_test.cpp and the
// fuzz target fuzz_awsauth: whenever libyaml rejects a key's value, awsauth::Parse must report
// that key as not parsing and list nothing from it; whenever it accepts, Parse must give what the
// oracle gives. The sandbox's aws-auth reader (tests/sandbox, Python's yaml.CSafeLoader) is the
// independent judge end to end.
#include <optional>
#include <string>
#include <vector>

#include "awsauth/parse.hpp"
#include "awsauth/tree.hpp"
#include "awsauth/yaml_resolve.hpp"

namespace ssomap::oracle {

// What libyaml makes of one key's value: its first document as a Tree, or the line of its error.
struct LibyamlRead {
  std::optional<awsauth::Tree> tree;
  std::size_t error_line = 0;  // 1-based, when tree is empty
  std::string problem;
};

// Reads the first document of `text` with libyaml's event parser, as go-yaml's Unmarshal does.
// Since issue 10 §2 that is the library's own reader for any YAML (lib/awsauth/tree_libyaml.cpp),
// so the oracle is the same libyaml; what the differential tests then hold to it is the
// plain-block reader, Parse's own refusals and the decoding by the authenticator's rules.
inline LibyamlRead ReadWithLibyaml(const std::string& text) {
  LibyamlRead out;
  awsauth::YamlProblem problem;
  out.tree = awsauth::ReadYamlTree(text, problem);
  if (!out.tree) {
    out.error_line = problem.line;
    out.problem = problem.problem;
  }
  return out;
}

// The oracle's AwsAuth for `data`: each of the three keys read by libyaml, then decoded by the
// library's authenticator rules (awsauth::DecodeTree). A key libyaml rejects is an error at its
// line, with no entries.
inline awsauth::AwsAuth Decode(const awsauth::Data& data) {
  awsauth::AwsAuth out;
  for (const char* key : {awsauth::kMapRoles, awsauth::kMapUsers, awsauth::kMapAccounts}) {
    auto it = data.find(key);
    if (it == data.end() || awsauth::IsSkippable(it->second)) continue;
    auto read = ReadWithLibyaml(it->second);
    if (!read.tree) {
      out.errors.push_back({key, read.error_line, "libyaml: " + read.problem});
      continue;
    }
    awsauth::DecodeTree(key, *read.tree, out);
  }
  return out;
}

}  // namespace ssomap::oracle
