#include "core/json_fields.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::json_fields {

std::string_view TypeName(nlohmann::json::value_t type) {
  using T = nlohmann::json::value_t;
  switch (type) {
    case T::null:
      return "null";
    case T::object:
      return "an object";
    case T::array:
      return "a list";
    case T::string:
      return "a string";
    case T::boolean:
      return "true or false";
    case T::number_integer:
    case T::number_unsigned:
    case T::number_float:
      return "a number";
    case T::binary:
      return "binary data";
    case T::discarded:
      break;
  }
  return "not JSON";
}

void WrongType(std::string_view where, std::string_view key, std::string_view expected,
               nlohmann::json::value_t actual) {
  throw Error(fmt::format("{}: {} is {}, not {}", where, key, TypeName(actual), expected),
              "the server or file is not what kubectl-ssomap expects: check that it is the right "
              "one (kubectl get --raw, or kubectl ssomap doctor)");
}

}  // namespace ssomap::json_fields
