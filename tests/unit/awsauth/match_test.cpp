// awsauth::Match: one test per row of the rules table in lib/awsauth/match.hpp (M1..M9), each
// named after its rule; the issue-10 example (a role ARN in mapUsers granting system:masters)
// among them.
#include <doctest/doctest.h>

#include <string>

#include "awsauth/match.hpp"
#include "awsauth/parse.hpp"

using namespace ssomap;
using awsauth::Source;

namespace {

constexpr const char* kSso =
    "arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef";

awsauth::AwsAuth Auth(const std::string& roles, const std::string& users = {},
                      const std::string& accounts = {}) {
  awsauth::Data data;
  if (!roles.empty()) data["mapRoles"] = roles;
  if (!users.empty()) data["mapUsers"] = users;
  if (!accounts.empty()) data["mapAccounts"] = accounts;
  return awsauth::Parse(data);
}

std::string Entry(const std::string& key, const std::string& arn, const std::string& user,
                  const std::string& group) {
  return "- " + key + ": " + arn + "\n  username: " + user + "\n  groups: [" + group + "]\n";
}

}  // namespace

TEST_CASE("M1 a mapRoles entry wins over a mapUsers entry for the same ARN") {
  const auto auth = Auth(Entry("rolearn", kSso, "role-entry", "readers"),
                         Entry("userarn", kSso, "user-entry", "system:masters"));
  const auto a = awsauth::Match(auth, kSso);
  REQUIRE(a.used != nullptr);
  CHECK(a.used->source == Source::kRoles);
  CHECK(a.used->username == "role-entry");
  REQUIRE(a.others.size() == 1);
  CHECK(a.others[0]->source == Source::kUsers);
  CHECK_FALSE(a.ambiguous);
}

TEST_CASE("M2 rolearn compared case-insensitively") {
  std::string upper = kSso;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto auth = Auth(Entry("rolearn", upper, "u", "g"));
  const auto a = awsauth::Match(auth, kSso);
  REQUIRE(a.used != nullptr);
  CHECK(a.used->arn == upper);
}

TEST_CASE("M3 userarn holding a role ARN admits the role (issue 10 example)") {
  // mapUsers holds the SSO role's ARN with system:masters: the SSO user is cluster admin.
  const auto auth = Auth({}, Entry("userarn", kSso, "admin", "system:masters"));
  const auto a = awsauth::Match(auth,
                                "ARN:AWS:IAM::111122223333:ROLE/awsreservedsso_"
                                "administratoraccess_0123456789ABCDEF");
  REQUIRE(a.used != nullptr);
  CHECK(a.used->source == Source::kUsers);
  CHECK(a.used->groups == std::vector<std::string>{"system:masters"});
}

TEST_CASE("M4 the last of case-variant rolearn duplicates wins") {
  std::string lower = kSso;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto auth =
      Auth(Entry("rolearn", kSso, "first", "a") + Entry("rolearn", lower, "second", "b"));
  const auto a = awsauth::Match(auth, kSso);
  REQUIRE(a.used != nullptr);
  CHECK(a.used->username == "second");
  CHECK_FALSE(a.ambiguous);
  REQUIRE(a.others.size() == 1);
  CHECK(a.others[0]->username == "first");
}

TEST_CASE("M5 case-variant userarn duplicates are ambiguous; exact duplicates: the last wins") {
  const std::string arn = "arn:aws:iam::111122223333:user/Alice";
  SUBCASE("exact") {
    const auto auth =
        Auth({}, Entry("userarn", arn, "one", "a") + Entry("userarn", arn, "two", "b"));
    const auto a = awsauth::Match(auth, arn);
    REQUIRE(a.used != nullptr);
    CHECK(a.used->username == "two");
    CHECK_FALSE(a.ambiguous);
  }
  SUBCASE("case variants") {
    const auto auth =
        Auth({}, Entry("userarn", arn, "one", "a") +
                     Entry("userarn", "arn:aws:iam::111122223333:user/alice", "two", "b"));
    const auto a = awsauth::Match(auth, arn);
    REQUIRE(a.used != nullptr);
    CHECK(a.ambiguous);
    CHECK(a.candidates.size() == 2);
  }
}

TEST_CASE("M6 dropped entries never match") {
  // groups a string: kept; rolearn a list: dropped (no rolearn → Validate fails).
  const auto auth = Auth("- rolearn: [" + std::string(kSso) + "]\n  username: x\n");
  CHECK(auth.roles.size() == 1);
  CHECK_FALSE(auth.roles[0].invalid.empty());
  CHECK_FALSE(awsauth::Match(auth, kSso).Admitted());
}

TEST_CASE("M7 the sso matcher only with the feature gate, and never with a partition") {
  const std::string sso =
      "- sso:\n    permissionSetName: AdministratorAccess\n    accountID: \"111122223333\"\n"
      "  username: sso\n  groups: [g]\n";
  const auto auth = Auth(sso);
  CHECK_FALSE(awsauth::Match(auth, kSso).Admitted());
  awsauth::MatchOptions gate{true};
  const auto a = awsauth::Match(auth, kSso, {}, gate);
  REQUIRE(a.used != nullptr);
  CHECK(a.used->username == "sso");
  CHECK_FALSE(
      awsauth::Match(auth, "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_1", {}, gate)
          .Admitted());
  const std::string with_partition =
      "- sso:\n    permissionSetName: AdministratorAccess\n    accountID: \"111122223333\"\n"
      "    partition: aws\n  username: sso\n";
  const auto p = Auth(with_partition);
  REQUIRE(p.roles.size() == 1);
  CHECK(p.roles[0].invalid.empty());
  CHECK_FALSE(awsauth::Match(p, kSso, {}, gate).Admitted());
  const auto bad =
      Auth("- sso:\n    permissionSetName: AdministratorAccess\n    accountID: \"1111\"\n");
  REQUIRE(bad.roles.size() == 1);
  CHECK(bad.roles[0].invalid == "AccountID '1111' is not a valid AWS Account ID");
}

TEST_CASE("M8 rolearn and sso matcher both matching are ambiguous") {
  const std::string roles =
      Entry("rolearn", kSso, "by-arn", "a") +
      "- sso:\n    permissionSetName: AdministratorAccess\n    accountID: \"111122223333\"\n"
      "  username: by-sso\n";
  const auto auth = Auth(roles);
  const auto a = awsauth::Match(auth, kSso, {}, awsauth::MatchOptions{true});
  CHECK(a.ambiguous);
  CHECK(a.candidates.size() == 2);
  CHECK_FALSE(awsauth::Match(auth, kSso).ambiguous);
}

TEST_CASE("M9 mapAccounts admits with the ARN as username") {
  const auto auth = Auth({}, {}, "- \"111122223333\"\n");
  const auto a = awsauth::Match(auth, kSso, "111122223333");
  CHECK(a.by_account);
  CHECK(a.used == nullptr);
  CHECK_FALSE(awsauth::Match(auth, kSso, "999999999999").Admitted());
}
