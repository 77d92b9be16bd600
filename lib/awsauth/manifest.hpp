#pragma once
/// An aws-auth ConfigMap manifest file (GitOps repositories, `kubectl get cm -o yaml` output),
/// edited as text so every byte outside the changed entry stays as it was.

#include <cstddef>
#include <map>
#include <string>

#include "awsauth/model.hpp"

namespace ssomap::awsauth {

/// Where one data key sits in the file.
struct KeyPlace {
  std::size_t key_line = 0;  ///< 0-based line of `key:`
  std::size_t key_column = 0;
  std::size_t end_line = 0;    ///< one past the key's last line (trailing blanks/comments excluded)
  bool literal_block = false;  ///< `key: |` (or `|-`, `|+`)
  std::size_t content_line =
      0;  ///< 0-based line of the value's first content line (literal blocks)
  std::size_t content_indent = 0;
};

struct Manifest {
  std::string text;
  Data data;
  std::map<std::string, KeyPlace> places;
  std::size_t data_line = 0;  ///< 0-based line of `data:`, when present
  bool has_data = false;
  std::size_t data_key_column = 2;
  std::string name;
  std::string namespace_;
};

/// Parses a ConfigMap manifest (the document of kind ConfigMap in a multi-document file).
/// Throws ssomap::Error naming the problem: not YAML, not a ConfigMap, a data value that is
/// not a string.
Manifest ParseManifest(std::string text);

/// The manifest text with `data` in place of the old data. Only the lines of values that
/// changed are rewritten; the result is parsed again and must give exactly `data`, or the
/// function throws (Exit::kRefused) and nothing is written.
std::string RenderManifest(const Manifest& manifest, const Data& data);

/// The 1-based file line of line `value_line` (1-based) of a key's value, or 0 when unknown.
std::size_t FileLine(const Manifest& manifest, const std::string& key, std::size_t value_line);

}  // namespace ssomap::awsauth
