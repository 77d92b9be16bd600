#include "kube/connect.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "core/error.hpp"
#include "kube/eks_exec.hpp"

namespace ssomap::kube {

ResolvedContext LoadContext(const ConnectOptions& options, const Environment& env,
                            const FileReader& read) {
  return ResolveContext(LoadKubeconfig(options.kubeconfig, env, read), options.context,
                        options.namespace_);
}

Connection Connect(const ConnectOptions& options, const ConnectSeams& seams) {
  ResolvedContext context = LoadContext(options, seams.env, seams.read);
  ClusterEndpoint endpoint = EndpointFor(context.cluster, seams.read);
  for (const auto& warning : endpoint.warnings) fmt::print(seams.err, "{}\n", warning);
  const AuthSeams auth{seams.processes, seams.clock, seams.native, seams.stdin_is_terminal};
  auto credentials = CredentialsFor(context, endpoint, seams.read, auth);
  ClientSettings settings;
  settings.endpoint = std::move(endpoint);
  settings.identity = context.Identity();
  settings.timeout = options.request_timeout;
  settings.impersonate =
      ApplyFlags(context.user.impersonate, options.impersonate, context.user.name);
  Client client(std::move(settings), seams.transport, std::move(credentials));
  return Connection{std::move(context), std::move(client)};
}

}  // namespace ssomap::kube
