#pragma once
/// One mapRoles/mapUsers item decoded under encoding/json's struct rules, as the authenticator
/// does after sigs.k8s.io/yaml has turned the YAML into JSON (pkg/mapper/configmap/configmap.go
/// :129-145 and :154-170: `utilyaml.ToJSON`, then `json.Unmarshal` into []config.RoleMapping or
/// []config.UserMapping, then `Validate()` per entry).
///
/// Rules (test names are in tests/unit/awsauth/parse_test.cpp):
///
/// J1  field names match exactly or case-insensitively (bytes.EqualFold: also ſ~s, K~k);
///       unknown keys are ignored.
///       source: Go encoding/json decode.go `object`; pkg/config/types.go:46-102 (tags)
///       test:   "J1 keys fold as encoding/json folds them; unknown keys are ignored"
/// J2  keys are applied in byte order (json.Marshal of a Go map sorts them): of `rolearn`
///       and `RoleArn`, the value of `rolearn` stays.
///       source: sigs.k8s.io/yaml v1.6.0 yaml.go:174
///       test:   "J2 of two spellings of a field, the one sorting last wins"
/// J3  a repeated YAML key: the last value (go-yaml v2 Unmarshal is not strict).
///       source: go.yaml.in/yaml/v2 decode.go `mapping`; sigs.k8s.io/yaml yaml.go:140-147
///       test:   "J3 a repeated key: the last value"
/// J4  a value of the wrong JSON type is skipped: the field keeps its value (empty) and the
///       entry stays.
///       source: encoding/json UnmarshalTypeError (saveError, continue); configmap.go:133-145
///       test:   "J4 a wrong-typed field is left empty and the entry kept"
/// J5  unquoted yes/on/y, 123, 0x1F, 1e3, .inf… are bools and numbers, not strings
///       (yaml_resolve.hpp); no string coercion happens.
///       source: go.yaml.in/yaml/v2 resolve.go; sigs.k8s.io/yaml yaml.go:146-147, 330-356
///       test:   "J5 go-yaml's implicit types: what is not a string"
/// J6  null keeps a string field, clears groups and sso.
///       source: encoding/json literalStore (null)
///       test:   "J6 null keeps a string, clears groups and sso"
/// J7  an item that is not a mapping decodes to an empty entry, which Validate drops.
///       source: pkg/config/mapper.go:32-41, 111-121
///       test:   "J7 an item that is not a mapping is dropped"
/// J8  sso needs a 12-digit accountID, a permission set name [\w+=,.@-]{1,32}, a known
///       partition.
///       source: pkg/config/mapper.go:43-57
///       test:   match_test.cpp "M7 …"
/// J9  a mapping, list or null used as a key fails the whole key.
///       source: go-yaml "invalid map key"; sigs.k8s.io/yaml yaml.go:246-248
///       test:   "a null key fails the whole key, as sigs.k8s.io/yaml does (unsupported map key)"

#include <cstddef>

#include "awsauth/model.hpp"
#include "awsauth/tree.hpp"

namespace ssomap::awsauth {

/// Fills `m` (fresh) from node `item` of `tree`: fields, `ignored` (fields the authenticator
/// reads as empty because of their type) and `invalid` (why Validate drops it, or empty).
void DecodeEntry(const Tree& tree, std::size_t item, Source source, std::size_t index, Mapping& m);

}  // namespace ssomap::awsauth
