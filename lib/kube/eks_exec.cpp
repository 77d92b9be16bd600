#include "kube/eks_exec.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "core/text.hpp"

namespace ssomap::kube {
namespace {

/// AWS CLI global flags that take no value (so the next word is not theirs).
constexpr const char* kAwsBoolFlags[] = {
    "--debug",        "--no-verify-ssl",   "--no-paginate",       "--no-sign-request",
    "--no-cli-pager", "--cli-auto-prompt", "--no-cli-auto-prompt"};

/// Options whose values we take or may ignore; anything else (e.g. --endpoint-url, --ca-bundle)
/// changes how the CLI signs or connects, so such an exec is run as it is.
const std::map<std::string, std::string>& AwsOptions() {
  static const std::map<std::string, std::string> kOptions = {{"--region", "region"},
                                                              {"--profile", "profile"},
                                                              {"--cluster-name", "cluster"},
                                                              {"--cluster-id", "cluster"},
                                                              {"--role-arn", "role"},
                                                              {"--role", "role"},
                                                              {"--output", ""},
                                                              {"--color", ""},
                                                              {"--session-name", "session"}};
  return kOptions;
}

const std::map<std::string, std::string>& AuthenticatorOptions() {
  static const std::map<std::string, std::string> kOptions = {{"-i", "cluster"},
                                                              {"--cluster-id", "cluster"},
                                                              {"-r", "role"},
                                                              {"--role", "role"},
                                                              {"--region", "region"},
                                                              {"-s", "session"},
                                                              {"--session-name", "session"},
                                                              {"-e", "external-id"},
                                                              {"--external-id", "external-id"}};
  return kOptions;
}

/// The flags of `kubectl ssomap token` (plugin/cmd_token.cpp) that say what to sign.
const std::map<std::string, std::string>& SsomapOptions() {
  static const std::map<std::string, std::string> kOptions = {
      {"--region", "region"},       {"--profile", "profile"}, {"--cluster-name", "cluster"},
      {"--cluster-id", "cluster"},  {"--role-arn", "role"},   {"--role", "role"},
      {"--session-name", "session"}};
  return kOptions;
}

bool IsBoolFlag(const std::string& arg) {
  for (const char* f : kAwsBoolFlags) {
    if (arg == f) return true;
  }
  return false;
}

struct Parsed {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;  ///< by role: region, profile, cluster, role
};

/// Splits args into positionals and known options; a reason when something is not understood.
std::optional<Parsed> Split(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& known, std::string& why_not,
                            bool aws_cli = false) {
  Parsed p;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.empty() || arg[0] != '-') {
      p.positionals.push_back(arg);
      continue;
    }
    if (aws_cli && IsBoolFlag(arg)) continue;  // the AWS CLI's own; another tool would refuse it
    std::string name = arg, value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      why_not = fmt::format("option {} has no value", arg);
      return std::nullopt;
    }
    auto it = known.find(name);
    if (it == known.end()) {
      why_not = fmt::format("option {} is not one the native token understands", name);
      return std::nullopt;
    }
    if (!it->second.empty()) p.values[it->second] = value;
  }
  return p;
}

std::string Basename(const std::string& command) {
  return std::filesystem::path(command).filename().string();
}

}  // namespace

std::optional<EksExec> ParseEksExec(const ExecConfig& exec, std::string* why_not) {
  std::string reason;
  auto fail = [&](std::string r) -> std::optional<EksExec> {
    if (why_not != nullptr) *why_not = std::move(r);
    return std::nullopt;
  };
  EksExec out;
  const auto base = Basename(exec.command);
  std::optional<Parsed> parsed;
  if (base == "aws") {
    out.tool = EksExec::Tool::kAwsCli;
    parsed = Split(exec.args, AwsOptions(), reason, true);
    if (!parsed) return fail(reason);
    if (parsed->positionals != std::vector<std::string>{"eks", "get-token"})
      return fail("not 'aws eks get-token'");
  } else if (base == "aws-iam-authenticator") {
    out.tool = EksExec::Tool::kAwsIamAuthenticator;
    parsed = Split(exec.args, AuthenticatorOptions(), reason);
    if (!parsed) return fail(reason);
    if (parsed->positionals != std::vector<std::string>{"token"})
      return fail("not 'aws-iam-authenticator token'");
  } else if (base == "kubectl-ssomap" || base == "kubectl") {
    out.tool = EksExec::Tool::kSsomap;
    parsed = Split(exec.args, SsomapOptions(), reason);
    if (!parsed) return fail(reason);
    const auto want = base == "kubectl" ? std::vector<std::string>{"ssomap", "token"}
                                        : std::vector<std::string>{"token"};
    if (parsed->positionals != want) return fail("not 'kubectl ssomap token'");
  } else {
    return fail(fmt::format("command {} is neither aws, aws-iam-authenticator nor kubectl-ssomap",
                            text::Quote(base)));
  }
  out.env = exec.env;
  out.cluster_id = parsed->values["cluster"];
  if (out.cluster_id.empty()) return fail("no cluster name in its args");
  out.role_arn = parsed->values["role"];
  // aws-iam-authenticator binds its --role to $DEFAULT_ROLE (cmd/aws-iam-authenticator/token.go).
  if (out.role_arn.empty() && out.tool == EksExec::Tool::kAwsIamAuthenticator)
    out.role_arn = exec.EnvValue("DEFAULT_ROLE").value_or("");
  out.external_id = parsed->values["external-id"];
  out.session_name = parsed->values["session"];
  out.profile = parsed->values["profile"];
  out.profile_from_args = !out.profile.empty();
  if (out.profile.empty()) out.profile = exec.EnvValue("AWS_PROFILE").value_or("");
  out.region = parsed->values["region"];
  for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (out.region.empty()) out.region = exec.EnvValue(var).value_or("");
  }
  return out;
}

std::string AssumedSessionName(const EksExec& exec, std::chrono::nanoseconds since_epoch) {
  /// `aws eks get-token --session-name` default.
  constexpr const char* kCliSessionName = "EKSGetTokenAuth";
  if (!exec.session_name.empty()) return exec.session_name;
  if (exec.tool != EksExec::Tool::kAwsIamAuthenticator) return kCliSessionName;
  return "aws-go-sdk-" + std::to_string(since_epoch.count());
}

std::string ExecProfile(const ResolvedContext& context) {
  if (!context.user.exec) return {};
  const ExecConfig& exec = *context.user.exec;
  for (std::size_t i = 0; i < exec.args.size(); ++i) {
    const std::string& arg = exec.args[i];
    if (arg == "--profile" && i + 1 < exec.args.size()) return exec.args[i + 1];
    if (arg.rfind("--profile=", 0) == 0) return arg.substr(std::string("--profile=").size());
  }
  return exec.EnvValue("AWS_PROFILE").value_or("");
}

}  // namespace ssomap::kube
