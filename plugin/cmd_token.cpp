// `kubectl ssomap token --cluster-name NAME`: an EKS ExecCredential for a kubeconfig's exec, a
// drop-in for `aws eks get-token` (the use case is ops::Token; this file parses and prints).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "command_args.hpp"
#include "commands_list.hpp"
#include "ops/token.hpp"
#include "runtime.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options& options) {
  auto add = options.add_options();
  add("cluster-name", "The EKS cluster's name (the token is signed for it)",
      cxxopts::value<std::string>(), "NAME");
  add("cluster-id", "The id of an EKS local cluster on Outposts, instead of --cluster-name",
      cxxopts::value<std::string>(), "ID");
  add("role-arn", "Assume this IAM role first and sign the token as it",
      cxxopts::value<std::string>(), "ARN");
  add("role", "Same as --role-arn (the AWS CLI takes it as a prefix; update-kubeconfig writes it)",
      cxxopts::value<std::string>(), "ARN");
  add("session-name", "The session name of --role-arn (default EKSGetTokenAuth, as the AWS CLI)",
      cxxopts::value<std::string>(), "NAME");
}

Exit Run(const Invocation& inv, Io& io) {
  const auto request = ParseTokenArgs(inv.flags, inv.args, inv.global);
  const auto result = ops::Token(request, inv.runtime.Whoami());
  if (!result.warning.empty()) fmt::print(io.err, "warning: {}\n", result.warning);
  io.out << result.exec_credential << std::flush;
  return Exit::kOk;
}

}  // namespace

Command TokenCommand() {
  return {
      "token",
      "Print an EKS token as an ExecCredential, a drop-in for `aws eks get-token`",
      "token --cluster-name NAME [--role-arn ARN] [--profile P] [--region R]",
      "Makes the bearer token EKS accepts, exactly as `aws eks get-token` does: a presigned STS\n"
      "GetCallerIdentity URL with the cluster's name signed in (x-k8s-aws-id), valid 15 minutes,\n"
      "reported to kubectl as expiring after 14. The profile's credentials are resolved as the\n"
      "AWS CLI does (IAM Identity Center sign-ins included: an expired one exits 4 with the\n"
      "`aws sso login` command), --role-arn is assumed on top. The ExecCredential's apiVersion is\n"
      "the one kubectl asks for in KUBERNETES_EXEC_INFO (v1beta1 when none). Use it as the exec\n"
      "of a kubeconfig user in place of `aws eks get-token`: same arguments, no AWS CLI start-up.\n"
      "list, add, whoami and doctor recognise such an exec and make its token in-process.",
      "  # The token for cluster dev, as the AWS CLI would print it\n"
      "  kubectl ssomap token --cluster-name dev --profile test-profile --region us-east-2\n\n"
      "  # As a kubeconfig user's exec (the AWS CLI's args, another command)\n"
      "  kubectl config set-credentials dev-sso --exec-api-version "
      "client.authentication.k8s.io/v1beta1 \\\n"
      "    --exec-command kubectl-ssomap --exec-arg token --exec-arg --cluster-name \\\n"
      "    --exec-arg dev --exec-env AWS_PROFILE=test-profile",
      Flags,
      Run};
}

}  // namespace ssomap::cli
