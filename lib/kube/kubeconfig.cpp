#include "kube/kubeconfig.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/yaml_bounds.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kExecExtension = "client.authentication.k8s.io/exec";
constexpr const char* kFixHint = "fix the file, or check it with: kubectl config view";

/// Reading one file: names the file in every error.
class Reader {
 public:
  explicit Reader(const std::string& path)
      : path_(path), dir_(std::filesystem::path(path).parent_path()) {}

  [[noreturn]] void Fail(const std::string& problem, const YAML::Node& at = {}) const {
    if (at && at.Mark().line >= 0) {
      throw Error(fmt::format("kubeconfig {}: line {}: {}", path_, at.Mark().line + 1, problem),
                  kFixHint);
    }
    throw Error(fmt::format("kubeconfig {}: {}", path_, problem), kFixHint);
  }

  std::string Str(const YAML::Node& parent, const char* key, const std::string& where) const {
    const YAML::Node n = parent[key];
    if (!n || n.IsNull()) return {};
    if (!n.IsScalar()) Fail(fmt::format("{}: '{}' must be a string", where, key), n);
    return n.Scalar();
  }

  bool Bool(const YAML::Node& parent, const char* key, const std::string& where) const {
    const YAML::Node n = parent[key];
    if (!n || n.IsNull()) return false;
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      Fail(fmt::format("{}: '{}' must be true or false", where, key), n);
    }
    return value;
  }

  /// A file reference made absolute against the directory of this kubeconfig.
  std::string PathRef(const std::string& value) const {
    if (value.empty() || std::filesystem::path(value).is_absolute()) return value;
    return (dir_ / value).lexically_normal().string();
  }

  std::vector<std::string> StrList(const YAML::Node& parent, const char* key,
                                   const std::string& where) const {
    std::vector<std::string> out;
    const YAML::Node n = parent[key];
    if (!n || n.IsNull()) return out;
    if (!n.IsSequence()) Fail(fmt::format("{}: '{}' must be a list", where, key), n);
    for (const auto& item : n) {
      if (!item.IsScalar()) Fail(fmt::format("{}: '{}' must hold strings", where, key), item);
      out.push_back(item.Scalar());
    }
    return out;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::filesystem::path dir_;
};

nlohmann::json ToJson(const YAML::Node& node) {
  if (!node || node.IsNull()) return nullptr;
  if (node.IsSequence()) {
    auto out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(ToJson(item));
    return out;
  }
  if (node.IsMap()) {
    auto out = nlohmann::json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = ToJson(kv.second);
    return out;
  }
  if (node.Tag() != "!") {  // plain scalars may be booleans or numbers; quoted ones stay strings
    bool b = false;
    long long i = 0;
    if (YAML::convert<bool>::decode(node, b)) return b;
    if (YAML::convert<long long>::decode(node, i)) return i;
  }
  return node.Scalar();
}

ExecConfig ParseExec(const Reader& r, const YAML::Node& n, const std::string& where) {
  if (!n.IsMap()) r.Fail(where + ": 'exec' must be a mapping", n);
  ExecConfig exec;
  exec.api_version = r.Str(n, "apiVersion", where);
  exec.command = r.Str(n, "command", where);
  if (exec.command.empty()) r.Fail(where + ": exec has no command", n);
  if (exec.api_version.empty()) r.Fail(where + ": exec has no apiVersion", n);
  if (exec.command.find('/') != std::string::npos) exec.command = r.PathRef(exec.command);
  exec.args = r.StrList(n, "args", where);
  if (const YAML::Node env = n["env"]; env && !env.IsNull()) {
    if (!env.IsSequence()) r.Fail(where + ": exec 'env' must be a list of {name, value}", env);
    for (const auto& e : env) {
      if (!e.IsMap()) r.Fail(where + ": exec 'env' must be a list of {name, value}", e);
      auto name = r.Str(e, "name", where);
      if (name.empty()) r.Fail(where + ": exec env entry without a name", e);
      exec.env.emplace_back(std::move(name), r.Str(e, "value", where));
    }
  }
  exec.install_hint = r.Str(n, "installHint", where);
  exec.provide_cluster_info = r.Bool(n, "provideClusterInfo", where);
  const auto mode = r.Str(n, "interactiveMode", where);
  if (mode == "Never")
    exec.interactive_mode = InteractiveMode::kNever;
  else if (mode == "Always")
    exec.interactive_mode = InteractiveMode::kAlways;
  else if (mode == "IfAvailable" || mode.empty())
    exec.interactive_mode = InteractiveMode::kIfAvailable;
  else
    r.Fail(fmt::format("{}: exec interactiveMode {} is not Never, IfAvailable or Always", where,
                       text::Quote(mode)),
           n);
  return exec;
}

Cluster ParseCluster(const Reader& r, const YAML::Node& n, Cluster c) {
  const auto where = "cluster " + text::Quote(c.name);
  c.server = r.Str(n, "server", where);
  c.tls_server_name = r.Str(n, "tls-server-name", where);
  c.insecure_skip_tls_verify = r.Bool(n, "insecure-skip-tls-verify", where);
  c.certificate_authority = r.PathRef(r.Str(n, "certificate-authority", where));
  c.certificate_authority_data = r.Str(n, "certificate-authority-data", where);
  c.proxy_url = r.Str(n, "proxy-url", where);
  c.disable_compression = r.Bool(n, "disable-compression", where);
  if (const YAML::Node ext = n["extensions"]; ext && ext.IsSequence()) {
    for (const auto& e : ext) {
      if (e.IsMap() && e["name"] && e["name"].IsScalar() && e["name"].Scalar() == kExecExtension) {
        c.exec_extension = ToJson(e["extension"]);
      }
    }
  }
  return c;
}

User ParseUser(const Reader& r, const YAML::Node& n, User u) {
  const auto where = "user " + text::Quote(u.name);
  u.token = r.Str(n, "token", where);
  u.token_file = r.PathRef(r.Str(n, "tokenFile", where));
  u.client_certificate = r.PathRef(r.Str(n, "client-certificate", where));
  u.client_certificate_data = r.Str(n, "client-certificate-data", where);
  u.client_key = r.PathRef(r.Str(n, "client-key", where));
  u.client_key_data = r.Str(n, "client-key-data", where);
  u.username = r.Str(n, "username", where);
  u.password = r.Str(n, "password", where);
  u.has_auth_provider = n["auth-provider"] && !n["auth-provider"].IsNull();
  u.impersonate.user = r.Str(n, "as", where);
  u.impersonate.uid = r.Str(n, "as-uid", where);
  u.impersonate.groups = r.StrList(n, "as-groups", where);
  if (const YAML::Node extra = n["as-user-extra"]; extra && !extra.IsNull()) {
    if (!extra.IsMap())
      r.Fail(where + ": 'as-user-extra' must map keys to lists of strings", extra);
    for (const auto& kv : extra)
      u.impersonate.extra[kv.first.Scalar()] = r.StrList(extra, kv.first.Scalar().c_str(), where);
  }
  if (const YAML::Node exec = n["exec"]; exec && !exec.IsNull()) u.exec = ParseExec(r, exec, where);
  if (u.has_auth_provider && u.exec) r.Fail(where + ": both auth-provider and exec are set", n);
  return u;
}

Context ParseContext(const Reader& r, const YAML::Node& n, Context c) {
  const auto where = "context " + text::Quote(c.name);
  c.cluster = r.Str(n, "cluster", where);
  c.user = r.Str(n, "user", where);
  c.namespace_ = r.Str(n, "namespace", where);
  return c;
}

/// Walks a `clusters`/`users`/`contexts` list of {name, <field>} entries.
template <typename T, typename ParseFn>
void ParseList(const Reader& r, const YAML::Node& root, const char* list, const char* field,
               std::map<std::string, T>& out, ParseFn parse) {
  const YAML::Node items = root[list];
  if (!items || items.IsNull()) return;
  if (!items.IsSequence()) r.Fail(fmt::format("'{}' must be a list", list), items);
  for (const auto& item : items) {
    if (!item.IsMap()) r.Fail(fmt::format("each entry of '{}' must be a mapping", list), item);
    T entry;
    entry.name = r.Str(item, "name", list);
    entry.origin = r.path();
    if (entry.name.empty()) r.Fail(fmt::format("an entry of '{}' has no name", list), item);
    if (out.count(entry.name))
      r.Fail(fmt::format("duplicate name {} in '{}'", text::Quote(entry.name), list), item);
    const YAML::Node body = item[field];
    if (body && !body.IsNull() && !body.IsMap()) {
      r.Fail(fmt::format("'{}' of {} must be a mapping", field, text::Quote(entry.name)), body);
    }
    auto name = entry.name;
    out.emplace(std::move(name),
                parse(r, body ? body : YAML::Node(YAML::NodeType::Map), std::move(entry)));
  }
}

}  // namespace

std::optional<std::string> ExecConfig::EnvValue(std::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [k, v] : env) {
    if (k == name) value = v;
  }
  return value;
}

Kubeconfig ParseKubeconfig(std::string_view text, const std::string& path) {
  const Reader r(path);
  yaml_bounds::Check(text, "kubeconfig " + path);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("kubeconfig {}: line {}: {}", path, e.mark.line + 1, e.msg), kFixHint);
  }
  Kubeconfig config;
  config.files.push_back(path);
  if (!root || root.IsNull()) return config;
  if (!root.IsMap()) r.Fail("not a kubeconfig (the top level must be a mapping)", root);
  try {
    ParseList(r, root, "clusters", "cluster", config.clusters, ParseCluster);
    ParseList(r, root, "users", "user", config.users, ParseUser);
    ParseList(r, root, "contexts", "context", config.contexts, ParseContext);
    config.current_context = r.Str(root, "current-context", "top level");
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("kubeconfig {}: line {}: {}", path, e.mark.line + 1, e.msg), kFixHint);
  }
  return config;
}

Kubeconfig MergeKubeconfigs(std::vector<Kubeconfig> configs) {
  Kubeconfig merged;
  for (auto& c : configs) {
    // map::insert keeps an existing key: the first file to define a name wins the whole entry.
    merged.clusters.insert(std::make_move_iterator(c.clusters.begin()),
                           std::make_move_iterator(c.clusters.end()));
    merged.users.insert(std::make_move_iterator(c.users.begin()),
                        std::make_move_iterator(c.users.end()));
    merged.contexts.insert(std::make_move_iterator(c.contexts.begin()),
                           std::make_move_iterator(c.contexts.end()));
    if (merged.current_context.empty()) merged.current_context = c.current_context;
    for (auto& f : c.files) merged.files.push_back(std::move(f));
  }
  return merged;
}

}  // namespace ssomap::kube
