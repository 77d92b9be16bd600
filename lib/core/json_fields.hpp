#pragma once
/// Reading fields of JSON replies and files with our one-line error for a field of the wrong
/// type (a numeric resourceVersion, an object where a token belongs), instead of nlohmann-json's
/// "[json.exception.type_error.302] type must be string, but is number".

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ssomap::json_fields {

/// The JSON type as a message names it: "a number", "an object", "a list", "true or false", ...
std::string_view TypeName(nlohmann::json::value_t type);

/// Throws ssomap::Error "<where>: <key> is <actual>, not <expected>" with a hint that the server
/// or file is not what we expected. The value itself is never quoted.
[[noreturn]] void WrongType(std::string_view where, std::string_view key, std::string_view expected,
                            nlohmann::json::value_t actual);

/// The string field `key` of `object` (nlohmann::json or ordered_json); empty when `object` is
/// not an object, or the field is absent or null. Any other type throws WrongType. `where` names
/// the reply or file, e.g. "ConfigMap kube-system/aws-auth: metadata".
template <typename Json>
std::string String(const Json& object, std::string_view key, std::string_view where) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) WrongType(where, key, "a string", it->type());
  return it->template get<std::string>();
}

}  // namespace ssomap::json_fields
