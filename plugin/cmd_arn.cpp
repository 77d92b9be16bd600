// `kubectl ssomap arn [ARN...]`: the aws-auth form of each ARN, offline.
#include <istream>
#include <string>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "aws/arn.hpp"
#include "cli.hpp"
#include "commands_list.hpp"
#include "core/text.hpp"
#include "printers.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options&) {}

nlohmann::ordered_json Describe(const std::string& input) {
  nlohmann::ordered_json row = {{"input", input}};
  try {
    auto id = aws::AwsAuthForm(input);
    row["arn"] = id.arn;
    row["kind"] = aws::KindName(id.kind);
    row["account"] = id.account;
    row["partition"] = id.partition;
    row["permissionSet"] = id.permission_set ? nlohmann::ordered_json(*id.permission_set) : nullptr;
    row["error"] = nullptr;
  } catch (const Error& e) {
    row["arn"] = nullptr;
    row["kind"] = nullptr;
    row["account"] = nullptr;
    row["partition"] = nullptr;
    row["permissionSet"] = nullptr;
    row["error"] = e.what();
  }
  return row;
}

Exit Run(const Invocation& inv, Io& io) {
  std::vector<std::string> inputs = inv.args;
  if (inputs.empty()) {
    for (std::string line; std::getline(io.in, line);) {
      if (!text::Trim(line).empty()) inputs.push_back(line);
    }
  }
  if (inputs.empty()) {
    throw UsageError("no ARN given", "pass ARNs as arguments or one per line on stdin");
  }
  auto rows = nlohmann::ordered_json::array();
  bool failed = false;
  for (const auto& input : inputs) {
    auto row = Describe(std::string(text::Trim(input)));
    if (!row["error"].is_null()) {
      failed = true;
      if (inv.global.output == OutputFormat::kTable)
        PrintError(Error(row["error"].get<std::string>()), io.err);
    } else if (inv.global.output == OutputFormat::kTable) {
      fmt::print(io.out, "{}\n", row["arn"].get<std::string>());
    }
    rows.push_back(std::move(row));
  }
  if (inv.global.output != OutputFormat::kTable) PrintStructured(rows, inv.global.output, io.out);
  return failed ? Exit::kError : Exit::kOk;
}

}  // namespace

Command ArnCommand() {
  return {"arn",
          "Print the aws-auth form of identity ARNs (offline)",
          "arn [ARN...] [-o json|yaml]",
          "aws-auth compares the caller's role ARN without its IAM path. This prints the form to "
          "write:\n"
          "an STS assumed-role ARN becomes its role ARN, a role ARN loses its path, and IAM user, "
          "root\n"
          "and federated-user ARNs stay as they are. Without arguments it reads one ARN per line "
          "from stdin.",
          "  # The ARN the IAM console shows for an SSO role, and the one aws-auth needs\n"
          "  kubectl ssomap arn "
          "arn:aws:iam::123456789999:role/aws-reserved/sso.amazonaws.com/us-east-2/"
          "AWSReservedSSO_ViewOnlyAccess_05a3861234567890\n\n"
          "  # From 'aws sts get-caller-identity'\n"
          "  aws sts get-caller-identity --query Arn --output text | kubectl ssomap arn\n\n"
          "  # With details: kind, account, partition, permission set\n"
          "  kubectl ssomap arn -o json "
          "arn:aws:sts::123456789999:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane",
          Flags,
          Run};
}

}  // namespace ssomap::cli
