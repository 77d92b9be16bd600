// Issue 11 §5: a reply field of the wrong type (a numeric resourceVersion) gave nlohmann-json's
// raw "[json.exception.type_error.302] ..."; it is our one-line error now, naming the field.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json_fields.hpp"
#include "kube/configmap.hpp"

using namespace ssomap;

namespace {

std::string ErrorOf(const nlohmann::json& object) {
  try {
    (void)kube::ConfigMapFromJson(object);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("ConfigMapFromJson: a field of the wrong type is named, never a library message") {
  auto cm = nlohmann::json::parse(
      R"({"kind":"ConfigMap","metadata":{"name":"aws-auth","namespace":"kube-system",
          "resourceVersion":"12","uid":"u"},"data":{"mapRoles":""}})");
  CHECK(ErrorOf(cm).empty());
  cm["metadata"]["resourceVersion"] = 12;
  CHECK(ErrorOf(cm) ==
        "ConfigMap kube-system/aws-auth: metadata: resourceVersion is a number, not a string");
  cm["metadata"]["resourceVersion"] = "12";
  cm["metadata"]["uid"] = nlohmann::json::object();
  CHECK(ErrorOf(cm) == "ConfigMap kube-system/aws-auth: metadata: uid is an object, not a string");
  cm["metadata"] = "x";
  CHECK(ErrorOf(cm) == "ConfigMap: metadata is a string, not an object");
}

TEST_CASE("json_fields::String: absent and null are empty; the value is never quoted") {
  const auto j = nlohmann::ordered_json::parse(R"({"a":"x","n":null,"secret":["s3cr3t"]})");
  CHECK(json_fields::String(j, "a", "w") == "x");
  CHECK(json_fields::String(j, "n", "w").empty());
  CHECK(json_fields::String(j, "missing", "w").empty());
  try {
    (void)json_fields::String(j, "secret", "reply");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "reply: secret is a list, not a string");
  }
}
