#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.hpp"

using namespace ssomap;

namespace {
struct Result {
  int code;
  std::string out;
  std::string err;
};

Result RunCli(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  cli::Io io{in, out, err};
  int code = cli::Run(std::move(args), io);
  return {code, out.str(), err.str()};
}
}  // namespace

TEST_CASE("arn prints the aws-auth form of each argument") {
  auto r = RunCli({"arn",
                   "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
                   "AWSReservedSSO_ViewOnlyAccess_05a3861234567890"});
  CHECK(r.code == 0);
  CHECK(r.out == "arn:aws:iam::123456789999:role/AWSReservedSSO_ViewOnlyAccess_05a3861234567890\n");
  CHECK(r.err == "");
}

TEST_CASE("arn: an invalid one is an error line, the others still print, exit non-zero") {
  auto r = RunCli(
      {"arn"},
      "arn:aws:sts::123456789999:assumed-role/R/s\nnot-an-arn\n\narn:aws:iam::123456789012:root\n");
  CHECK(r.code == 1);
  CHECK(r.out == "arn:aws:iam::123456789999:role/R\narn:aws:iam::123456789012:root\n");
  CHECK(r.err == "error: invalid ARN 'not-an-arn': it does not start with 'arn:'\n");
}

TEST_CASE("arn -o json has the documented keys") {
  auto r = RunCli({"arn", "-o", "json",
                   "arn:aws:sts::123456789999:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/j",
                   "arn:aws:s3:::b"});
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["arn"] == "arn:aws:iam::123456789999:role/AWSReservedSSO_Admin_0123456789abcdef");
  CHECK(j[0]["kind"] == "role");
  CHECK(j[0]["account"] == "123456789999");
  CHECK(j[0]["partition"] == "aws");
  CHECK(j[0]["permissionSet"] == "Admin");
  CHECK(j[0]["error"].is_null());
  CHECK(j[1]["arn"].is_null());
  CHECK(j[1]["input"] == "arn:aws:s3:::b");
  CHECK(j[1]["error"].get<std::string>().find("service 's3'") != std::string::npos);
}

TEST_CASE("arn -o yaml keeps account IDs strings") {
  auto r = RunCli({"arn", "-o", "yaml", "arn:aws:iam::012345678901:root"});
  CHECK(r.code == 0);
  CHECK(r.out.find("account: \"012345678901\"") != std::string::npos);
  CHECK(r.out.find("permissionSet: ~") != std::string::npos);
}

TEST_CASE("unknown command suggests the closest, exit 2") {
  auto r = RunCli({"verison"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "error: unknown command \"verison\" for \"kubectl ssomap\"\nhint: did you mean "
        "\"version\"?\n");
}

TEST_CASE("unknown flag and missing value are usage errors") {
  CHECK(RunCli({"arn", "--bogus", "x"}).code == 2);
  auto r = RunCli({"version", "-o"});
  CHECK(r.code == 2);
  CHECK(r.err.find("flag needs an argument: -o") != std::string::npos);
}

TEST_CASE("help: top level lists commands and exit codes; per command shows examples") {
  auto top = RunCli({"--help"});
  CHECK(top.code == 0);
  CHECK(top.out.find("arn ") != std::string::npos);
  CHECK(top.out.find("Exit codes:") != std::string::npos);
  auto arn = RunCli({"arn", "--help"});
  CHECK(arn.code == 0);
  CHECK(arn.out.find("Examples:") != std::string::npos);
  CHECK(arn.out.find("--request-timeout") != std::string::npos);
  CHECK(RunCli({"help", "arn"}).out == arn.out);
}

TEST_CASE("version prints the version") {
  auto r = RunCli({"version", "-o", "json"});
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["version"] == "0.1.0");
}
