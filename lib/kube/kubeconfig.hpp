#pragma once
/// The kubeconfig model and its pure parser and merger (client-go `tools/clientcmd` semantics).
/// Loading files lives in kube/kubeconfig_loader.hpp; choosing a context in kube/context.hpp.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/impersonation.hpp"

namespace ssomap::kube {

/// `exec.interactiveMode`.
enum class InteractiveMode { kNever, kIfAvailable, kAlways };

/// A user's `exec` credential plugin (client.authentication.k8s.io/v1 or v1beta1).
struct ExecConfig {
  std::string api_version;
  std::string command;  ///< resolved against the kubeconfig's directory when it contains a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  ///< in order; later entries win
  std::string install_hint;
  bool provide_cluster_info = false;
  InteractiveMode interactive_mode = InteractiveMode::kIfAvailable;

  /// The value of `name` in env (the last entry wins, as in the child's environment), or nullopt.
  std::optional<std::string> EnvValue(std::string_view name) const;
};

struct Cluster {
  std::string name;
  std::string origin;  ///< the file that defined it, for messages
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string certificate_authority;       ///< path, absolute after resolution
  std::string certificate_authority_data;  ///< base64 of PEM, as written
  std::string proxy_url;
  bool disable_compression = false;
  /// `extensions` entry named client.authentication.k8s.io/exec: spec.cluster.config for exec
  /// plugins.
  std::optional<nlohmann::json> exec_extension;
};

struct User {
  std::string name;
  std::string origin;
  std::string token;       ///< a secret: never printed or logged
  std::string token_file;  ///< path, absolute after resolution
  std::string client_certificate;
  std::string client_certificate_data;  ///< base64 of PEM
  std::string client_key;
  std::string client_key_data;  ///< base64 of PEM; a secret
  std::string username;         ///< basic auth
  std::string password;         ///< basic auth; a secret
  std::optional<ExecConfig> exec;
  bool has_auth_provider = false;  ///< `auth-provider` (gcp, oidc, azure): not supported
  Impersonation impersonate{};     ///< `as`, `as-uid`, `as-groups`, `as-user-extra`
};

struct Context {
  std::string name;
  std::string origin;
  std::string cluster;
  std::string user;
  std::string namespace_;
};

/// One kubeconfig file, or several merged.
struct Kubeconfig {
  std::map<std::string, Cluster> clusters;
  std::map<std::string, User> users;
  std::map<std::string, Context> contexts;
  std::string current_context;
  std::vector<std::string> files;  ///< the files it came from, in precedence order
};

/// Parses one kubeconfig document. `path` names the file in errors and is the base for relative
/// paths (certificate-authority, client-certificate, client-key, tokenFile, and exec.command when
/// it contains a '/'). An empty document is an empty config. Throws ssomap::Error
/// "kubeconfig <path>: <problem>" for malformed YAML or entries (a missing name, a duplicate name,
/// an exec without command or apiVersion, a bad interactiveMode).
Kubeconfig ParseKubeconfig(std::string_view text, const std::string& path);

/// Merges files in precedence order with client-go's rules: the first file that defines a named
/// cluster, user or context wins the whole entry; the first non-empty current-context wins.
Kubeconfig MergeKubeconfigs(std::vector<Kubeconfig> configs);

}  // namespace ssomap::kube
