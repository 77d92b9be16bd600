#pragma once
// Inputs for the differential tests of aws-auth decoding: the aws-auth corpus
// (tests/data/aws-auth), hand-written corners of YAML and of the authenticator's rules, and
// deterministic mutations of both (near misses of valid YAML).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "awsauth/manifest.hpp"
#include "core/error.hpp"

namespace ssomap::test_inputs {

// Corners of YAML and of the authenticator's rules, as one key's value.
inline const char* const kCorners[] = {
    "",
    "~",
    "null",
    "[]",
    "{}",
    "- ~\n- \n- null\n",
    "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n  groups: [g, 1, true, 2.5, ~, "
    "null]\n",
    "- rolearn: 123\n  username: 456\n  groups:\n  - 0x1f\n  - .inf\n  - yes\n",
    "- &e {rolearn: arn:aws:iam::111122223333:role/A, username: a, groups: [g]}\n- *e\n- *e\n",
    "- rolearn: &arn arn:aws:iam::111122223333:role/A\n  username: &u u\n  groups: &g [x, y]\n"
    "- rolearn: *arn\n  username: *u\n  groups: *g\n",
    "- rolearn: arn:aws:iam::111122223333:role/A\n  username: a\n  groups: *nope\n",
    "- &m\n  rolearn: arn:aws:iam::111122223333:role/A\n  username: {{SessionName}}\n- *m\n",
    "- rolearn: arn:aws:iam::111122223333:role/A\n  username: {{SessionName}}\n",
    "- rolearn: arn:aws:iam::111122223333:role/A\n  ? [a, b]\n  : c\n",
    "- ? {a: b}\n  : c\n  rolearn: x\n",
    "- !!map {rolearn: !!str arn:aws:iam::111122223333:role/A, username: !!null '', groups: !!seq "
    "[!!str 1]}\n",
    "- rolearn: !custom arn:aws:iam::111122223333:role/A\n  username: !!str ~\n  groups: !!str g\n",
    "- rolearn: >\n    arn:aws:iam::111122223333:role/A\n  username: |\n    multi\n    line\n  "
    "groups:\n  - \"a\n    b\"\n",
    "- rolearn: 'arn:aws:iam::111122223333:role/A'\n  username: \"x\\ty\\u00e9\"\n  groups: "
    "['it''s']\n",
    "- rolearn: arn:aws:iam::111122223333:role/A\n  rolearn: arn:aws:iam::111122223333:role/B\n  "
    "ROLEARN: ~\n",
    "- rolearn: [a]\n- rolearn: {a: b}\n- groups: g\n- groups: [[a]]\n- groups: [{a: b}]\n",
    "- sso: {permissionSetName: P, accountID: '111122223333', partition: aws}\n  username: u\n",
    "- sso: {permissionSetName: [P]}\n- sso: x\n- sso: ~\n  rolearn: r\n- sso: {}\n  rolearn: r\n",
    "- userarn: arn:aws:iam::111122223333:user/u\n  userid: AIDA\n  username: u\n",
    "- userarn: ~\n- {}\n- [a]\n- plain\n- 42\n",
    "rolearn: not a list\n",
    "just a scalar\n",
    "- a\n--- \n- b\n",
    "--- !!seq\n- rolearn: x\n...\n--- [\n",
    "- rolearn: x\n  groups: [a, b\n",
    "- rolearn: x\n\tusername: y\n",
    "- rolearn: x\n username: y\n",
    "- \"unterminated\n",
    "- rolearn: x\n  username: y\n  username: z\n  <<: {groups: [m]}\n",
    "- &a rolearn\n- *a\n- {*a : arn:aws:iam::111122223333:role/A}\n",
    "[{rolearn: a, groups: [b]}, {userarn: c}, ~, [], {}]\n",
    "- rolearn: a\n  groups:\n  - b\n  - c # comment\n# comment\n  - d\n",
    "%YAML 1.2\n---\n- rolearn: a\n",
    "%TAG ! tag:example.com,2000:\n--- \n- !foo {rolearn: a}\n",
    "- 555555555555\n- '111122223333'\n- \"444455556666\"\n",
    "- [555555555555]\n",
    "- rolearn: a\r\n  username: b\r\n  groups:\r\n  - c\r\n",
    "- ? rolearn\n  : a\n  ? groups\n  : - b\n",
    "- {rolearn: a, groups: [b], ? c}\n",
    "- &x [*x]\n",
    "&y {a: *y}\n",
};

// Text spliced into values to make near misses of valid YAML.
inline const char* const kSplices[] = {"{",  "}",      "[",   "]", ":", "- ",    "? ",    "&a ",
                                       "*a", "!!str ", "!t ", "|", ">", "\"",    "'",     "#",
                                       "\t", "\n",     "  ",  ",", "~", "{{x}}", "---\n", "%"};

inline std::vector<std::string> CorpusValues() {
  std::vector<std::string> values;
  for (const auto& file :
       std::filesystem::directory_iterator(std::string(SSOMAP_TEST_DATA) + "/aws-auth")) {
    if (file.path().extension() != ".yaml") continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    try {
      for (const auto& [key, value] : awsauth::ParseManifest(text.str()).data)
        values.push_back(value);
    } catch (const Error&) {
      values.push_back(text.str());
    }
  }
  return values;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

// Deterministic mutations of `value`: every line dropped, doubled or swapped with the next;
// truncations; splices of kSplices at a spread of positions.
inline std::vector<std::string> Mutations(const std::string& value) {
  std::vector<std::string> out;
  const auto lines = Lines(value);
  const auto join = [](const std::vector<std::string>& ls) {
    std::string s;
    for (const auto& l : ls) s += l;
    return s;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto dropped = lines;
    dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(join(dropped));
    auto doubled = lines;
    doubled.insert(doubled.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
    out.push_back(join(doubled));
    if (i + 1 < lines.size()) {
      auto swapped = lines;
      std::swap(swapped[i], swapped[i + 1]);
      out.push_back(join(swapped));
    }
  }
  const std::size_t step = value.size() / 40 + 1;
  for (std::size_t at = 0; at < value.size(); at += step) {
    out.push_back(value.substr(0, at));
    for (const char* splice : kSplices)
      out.push_back(value.substr(0, at) + splice + value.substr(at));
  }
  return out;
}

}  // namespace ssomap::test_inputs
