#pragma once
/// The implicit types go-yaml v2 gives plain scalars, which decide what the authenticator's
/// encoding/json step does with a value: sigs.k8s.io/yaml YAMLToJSON (v1.6.0, yaml.go:146-179,
/// no target type, so no coercion to string: yaml.go:330-356) turns a YAML bool, int or float
/// into a JSON bool or number, and encoding/json then refuses it for a string field.
///
/// Rules, from go.yaml.in/yaml/v2 resolve.go (`resolve`, `resolveMapList`):
/// - null: ``, `~`, `null`, `Null`, `NULL` (the readers already give these as null nodes);
/// - bool: y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF;
/// - float: .inf .Inf .INF with an optional sign, .nan .NaN .NAN, and
///   `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` after removing `_`;
/// - int: Go strconv.ParseInt/ParseUint base 0 after removing `_` (0x, 0o, 0b, leading-0 octal),
///   and `0b…`/`-0b…` binary;
/// - timestamps stay strings when decoded into interface{} (decode.go), as here.

#include <string_view>

namespace ssomap::awsauth {

/// True when go-yaml v2 resolves the plain scalar `text` to something other than a string or
/// null: a bool, an int or a float.
bool PlainIsNonString(std::string_view text);

}  // namespace ssomap::awsauth
