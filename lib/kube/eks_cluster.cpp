// FindEksCluster and the endpoint check.
#include "kube/eks_cluster.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "kube/eks_exec.hpp"
#include "net/url.hpp"

namespace ssomap::kube {

EksClusterRef FindEksCluster(const ResolvedContext& context, const std::string& cluster_flag,
                             const std::string& region_flag) {
  EksClusterRef out;
  std::optional<EksExec> exec;
  if (context.user.exec) exec = ParseEksExec(*context.user.exec);
  if (!cluster_flag.empty()) {
    out.name = cluster_flag;
    out.source = "--cluster-name";
  } else if (exec && !exec->cluster_id.empty()) {
    out.name = exec->cluster_id;
    out.source = fmt::format("the exec of context {}", text::Quote(context.name));
  } else {
    throw UsageError(
        fmt::format("cannot tell which EKS cluster context {} reaches: its user runs no `aws eks "
                    "get-token` or `aws-iam-authenticator token` exec",
                    text::Quote(context.name)),
        "pass --cluster-name NAME --region REGION");
  }
  if (!region_flag.empty()) {
    out.region = region_flag;
  } else if (exec) {
    out.region = exec->region;
  }
  return out;
}

bool SameServer(std::string_view a, std::string_view b) {
  auto normal = [](std::string_view url) -> std::string {
    try {
      auto parsed = net::ParseUrl(text::Trim(url));
      std::string path = parsed.path;
      while (!path.empty() && path.back() == '/') path.pop_back();
      return fmt::format("{}://{}:{}{}", parsed.scheme, parsed.host,
                         parsed.port.value_or(parsed.scheme == "http" ? 80 : 443), path);
    } catch (const Error&) {
      return std::string(url);
    }
  };
  return normal(a) == normal(b);
}

void RequireSameServer(const EksClusterRef& cluster, std::string_view endpoint,
                       const ResolvedContext& context) {
  if (SameServer(endpoint, context.cluster.server)) return;
  throw Error(fmt::format("EKS cluster {} (from {}) has endpoint {}, but context {} reaches {}: "
                          "not the same cluster; nothing was changed",
                          text::Quote(cluster.name), cluster.source,
                          endpoint.empty() ? "(none)" : std::string(endpoint),
                          text::Quote(context.name), context.cluster.server),
              "choose the context of that cluster with --context, or the cluster of this context "
              "with --cluster-name and --region",
              Exit::kRefused);
}

}  // namespace ssomap::kube
