#include "kube/context.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kListContextsHint = "list the contexts with: kubectl config get-contexts";

std::string Files(const Kubeconfig& config) { return text::Join(config.files, ", "); }

}  // namespace

std::string ResolvedContext::Identity() const {
  if (user.name.empty()) return fmt::format("context {} (no user: anonymous)", text::Quote(name));
  return fmt::format("context {} (user {})", text::Quote(name), text::Quote(user.name));
}

ResolvedContext ResolveContext(const Kubeconfig& config, const std::string& context_override,
                               const std::string& namespace_override) {
  const std::string& name = context_override.empty() ? config.current_context : context_override;
  if (name.empty()) {
    throw Error(fmt::format("kubeconfig {}: no current context is set", Files(config)),
                "pick one with --context NAME or kubectl config use-context NAME; " +
                    std::string(kListContextsHint));
  }
  auto ctx = config.contexts.find(name);
  if (ctx == config.contexts.end()) {
    throw Error(
        fmt::format("kubeconfig {}: context {} not found{}", Files(config), text::Quote(name),
                    context_override.empty() ? " (it is the current-context)" : ""),
        kListContextsHint);
  }
  const Context& c = ctx->second;
  ResolvedContext out;
  out.name = name;
  auto cluster = config.clusters.find(c.cluster);
  if (c.cluster.empty() || cluster == config.clusters.end()) {
    throw Error(fmt::format("kubeconfig {}: context {} refers to cluster {}, which is not defined",
                            c.origin, text::Quote(name), text::Quote(c.cluster)),
                kListContextsHint);
  }
  out.cluster = cluster->second;
  if (out.cluster.server.empty()) {
    throw Error(fmt::format("kubeconfig {}: cluster {} has no server", out.cluster.origin,
                            text::Quote(c.cluster)),
                "set it with: kubectl config set-cluster " + c.cluster + " --server=https://...");
  }
  if (!c.user.empty()) {
    auto user = config.users.find(c.user);
    if (user == config.users.end()) {
      throw Error(fmt::format("kubeconfig {}: context {} refers to user {}, which is not defined",
                              c.origin, text::Quote(name), text::Quote(c.user)),
                  kListContextsHint);
    }
    out.user = user->second;
  }
  out.namespace_ = !namespace_override.empty() ? namespace_override
                   : !c.namespace_.empty()     ? c.namespace_
                                               : kDefaultNamespace;
  return out;
}

}  // namespace ssomap::kube
