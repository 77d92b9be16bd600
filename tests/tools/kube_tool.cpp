// kube_tool: drives lib/kube end to end for the integration tests.
//   kube_tool [--kubeconfig F] [--context C] [-n NS] [--request-timeout D] [-v N] [--no-native] get
//   PATH kube_tool ... namespace        (prints the effective namespace) kube_tool ... profile
//   (prints ExecProfile of the context)
// Prints the JSON reply on stdout; errors as "error: ..." and "hint: ..." on stderr, exit code
// as kubectl-ssomap's.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "core/duration.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "kube/connect.hpp"
#include "kube/eks_exec.hpp"
#include "kube/native_token.hpp"
#include "net/curl_transport.hpp"
#include "net/retry.hpp"

using namespace ssomap;

namespace {

int Run(const std::vector<std::string>& args) {
  kube::ConnectOptions options;
  std::vector<std::string> positional;
  bool native = true;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError("missing value for " + a);
      return args[++i];
    };
    if (a == "--kubeconfig")
      options.kubeconfig = value();
    else if (a == "--context")
      options.context = value();
    else if (a == "-n" || a == "--namespace")
      options.namespace_ = value();
    else if (a == "--request-timeout")
      options.request_timeout = ParseDuration(value());
    else if (a == "-v")
      log::SetVerbosity(std::stoi(value()));
    else if (a == "--no-native")
      native = false;
    else
      positional.push_back(a);
  }
  if (positional.empty())
    throw UsageError("usage: kube_tool [flags] get PATH | namespace | profile");
  const auto& verb = positional[0];
  if (verb == "namespace" || verb == "profile") {
    ProcessEnvironment env;
    auto context = kube::LoadContext(options, env, kube::RealFileReader());
    std::cout << (verb == "namespace" ? context.namespace_ : kube::ExecProfile(context)) << "\n";
    return 0;
  }
  if (verb != "get" || positional.size() != 2)
    throw UsageError("usage: kube_tool [flags] get PATH");
  // The tool's own composition root: real seams, as the plugin's runtime builds them.
  ProcessEnvironment env;
  RealProcessRunner processes;
  net::CurlTransport curl;
  net::RetryingTransport transport(curl);
  kube::AwsNativeTokenSource tokens(env, transport, processes, SystemClock(),
                                    options.request_timeout);
  const kube::ConnectSeams seams{env,
                                 transport,
                                 processes,
                                 std::cerr,
                                 SystemClock(),
                                 kube::RealFileReader(),
                                 native ? &tokens : nullptr,
                                 ::isatty(STDIN_FILENO) == 1};
  auto cluster = kube::Connect(options, seams);
  std::cout << cluster.client.Get(positional[1]).dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << "\n";
    return static_cast<int>(e.exit());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
