// doctor's pure checks: the mapping the authenticator would use, and what its groups may do.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "aws/arn.hpp"
#include "ops/doctor.hpp"

using namespace ssomap;
using Status = ops::DoctorCheck::Status;

namespace {

const std::string kRole = "arn:aws:iam::123456789999:role/AWSReservedSSO_Dev_05a3861234567890";
const std::string kPathful =
    "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
    "AWSReservedSSO_Dev_05a3861234567890";

std::string Entry(const std::string& arn, const std::string& group) {
  return "- rolearn: " + arn + "\n  username: u\n  groups:\n    - " + group + "\n";
}

ops::DoctorCheck Mapping(const std::string& map_roles,
                         std::vector<std::string>* groups_out = nullptr) {
  std::vector<std::string> groups;
  std::string username;
  auto check = ops::CheckMapping(aws::AwsAuthForm(kRole), {{"mapRoles", map_roles}}, "dev-sso",
                                 groups, username);
  if (groups_out) *groups_out = groups;
  return check;
}

}  // namespace

TEST_CASE("CheckMapping explains the mapping the authenticator would use") {
  struct Case {
    const char* name;
    std::string map_roles;
    Status status;
    const char* message;
    const char* fix;
  };
  const Case cases[] = {
      {"mapped", Entry(kRole, "dev"), Status::kOk, "mapped by mapRoles entry 1", ""},
      {"case-insensitive",
       Entry("ARN:AWS:IAM::123456789999:ROLE/awsreservedsso_dev_05a3861234567890", "dev"),
       Status::kOk, "mapped by", ""},
      {"not mapped", Entry("arn:aws:iam::123456789999:role/other", "dev"), Status::kFail,
       "is not mapped in mapRoles", "kubectl ssomap add --profile dev-sso --view"},
      {"path-ful twin", Entry(kPathful, "dev"), Status::kFail, "with its IAM path",
       "kubectl ssomap remove --arn arn:aws:iam::123456789999:role/aws-reserved/"},
      {"duplicate", Entry(kRole, "a") + Entry(kRole, "b"), Status::kWarn,
       "listed 2 times; the authenticator uses mapRoles entry 2", "kubectl ssomap remove"},
      {"does not parse", "- rolearn: x\n  groups: [a\n", Status::kFail, "does not parse (line",
       "restore"},
      {"empty", "", Status::kFail, "is not mapped", "kubectl ssomap add"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto check = Mapping(c.map_roles);
    CHECK(check.name == "mapping");
    CHECK(check.status == c.status);
    CHECK(check.message.find(c.message) != std::string::npos);
    CHECK(check.fix.find(c.fix) != std::string::npos);
  }
  std::vector<std::string> groups;
  Mapping(Entry(kRole, "a") + Entry(kRole, "b"), &groups);
  CHECK(groups == std::vector<std::string>{"b"});
}

TEST_CASE("CheckPermissions finds what binds the mapped groups") {
  const auto binding = [](const char* kind, const char* ns, const char* subject_kind,
                          const char* subject) {
    nlohmann::json b = {{"kind", kind},
                        {"metadata", {{"name", "b1"}}},
                        {"roleRef", {{"kind", "Role"}, {"name", "reader"}}},
                        {"subjects", {{{"kind", subject_kind}, {"name", subject}}}}};
    if (*ns) b["metadata"]["namespace"] = ns;
    return b;
  };
  CHECK(ops::CheckPermissions({"system:masters"}, "u", {}).status == Status::kOk);
  auto ok = ops::CheckPermissions({"dev"}, "u", {binding("RoleBinding", "dev", "Group", "dev")});
  CHECK(ok.status == Status::kOk);
  CHECK(ok.message == "RoleBinding dev/b1 → Role reader (Group dev)");
  CHECK(
      ops::CheckPermissions({"dev"}, "u", {binding("RoleBinding", "dev", "Group", "ops")}).status ==
      Status::kWarn);
  CHECK(ops::CheckPermissions({}, "alice", {binding("ClusterRoleBinding", "", "User", "alice")})
            .status == Status::kOk);
  // A templated username is only known at sign-in: it never matches a binding here.
  CHECK(ops::CheckPermissions({}, "sso:{{SessionName}}",
                              {binding("RoleBinding", "d", "User", "sso:{{SessionName}}")})
            .status == Status::kWarn);
}

// Issue 10 §1 example: doctor said "not mapped in mapRoles" while the SSO user was cluster admin
// through a mapUsers entry holding the role ARN.
TEST_CASE("issue 10: doctor finds the mapUsers entry holding the role ARN") {
  std::vector<std::string> groups;
  std::string username;
  const auto check = ops::CheckMapping(
      aws::AwsAuthForm(kRole),
      {{"mapUsers",
        "- userarn: " + kRole + "\n  username: admin\n  groups:\n    - system:masters\n"}},
      "dev-sso", groups, username);
  CHECK(check.status == Status::kOk);
  CHECK(check.message.find("mapUsers entry 1") != std::string::npos);
  CHECK(groups == std::vector<std::string>{"system:masters"});
  CHECK(username == "admin");
}

TEST_CASE("doctor: mapRoles wins over mapUsers for the same ARN, and says the other is ignored") {
  std::vector<std::string> groups;
  std::string username;
  const auto check = ops::CheckMapping(aws::AwsAuthForm(kRole),
                                       {{"mapRoles", Entry(kRole, "readers")},
                                        {"mapUsers", "- userarn: " + kRole + "\n  username: x\n"}},
                                       "dev-sso", groups, username);
  CHECK(check.status == Status::kWarn);
  CHECK(check.message.find("uses mapRoles entry 1") != std::string::npos);
  CHECK(groups == std::vector<std::string>{"readers"});
}
