// Impersonation headers as client-go sends them (issue 11 §8).
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "kube/impersonation.hpp"
#include "kube/kubeconfig.hpp"

using namespace ssomap;
using Headers = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("the kubeconfig user's as, as-uid, as-groups and as-user-extra") {
  const auto config = kube::ParseKubeconfig(R"(
users:
- name: u
  user:
    token: t
    as: bob
    as-uid: "1234"
    as-groups: [devs, "system:masters"]
    as-user-extra:
      scopes/Team X: ["a b", c]
      reason: [audit]
)",
                                            "/k");
  const auto& who = config.users.at("u").impersonate;
  CHECK(kube::ImpersonationHeaders(who) == Headers{{"Impersonate-User", "bob"},
                                                   {"Impersonate-Uid", "1234"},
                                                   {"Impersonate-Group", "devs"},
                                                   {"Impersonate-Group", "system:masters"},
                                                   {"Impersonate-Extra-reason", "audit"},
                                                   {"Impersonate-Extra-scopes%2FTeam%20X", "a b"},
                                                   {"Impersonate-Extra-scopes%2FTeam%20X", "c"}});
}

TEST_CASE("flags replace the kubeconfig's fields one by one") {
  kube::Impersonation from_file{"bob", "1", {"g1"}, {}};
  auto who = kube::ApplyFlags(from_file, {std::string("alice"), std::nullopt, std::nullopt}, "u");
  CHECK(who.user == "alice");
  CHECK(who.uid == "1");
  CHECK(who.groups == std::vector<std::string>{"g1"});
  who = kube::ApplyFlags(from_file,
                         {std::nullopt, std::nullopt, std::vector<std::string>{"a", "b"}}, "u");
  CHECK(who.groups == std::vector<std::string>{"a", "b"});
  CHECK(kube::ImpersonationHeaders({}).empty());
}

TEST_CASE("groups, uid or extras without a user are refused, as kubectl refuses them") {
  CHECK_THROWS_WITH_AS(
      kube::ApplyFlags({}, {std::nullopt, std::nullopt, std::vector<std::string>{"g"}}, "admin"),
      "requesting uid, groups or user-extra for admin without impersonating a user", Error);
}

TEST_CASE("extra keys escaped as client-go's headerKeyEscape") {
  CHECK(kube::EscapeExtraKey("example.com/person") == "example.com%2Fperson");
  CHECK(kube::EscapeExtraKey("100%") == "100%25");
  CHECK(kube::EscapeExtraKey("a_b-c~!") == "a_b-c~!");
  CHECK(kube::EscapeExtraKey("\xc3\xa9") == "%C3%A9");
}
