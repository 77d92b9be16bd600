#include "kube/kubeconfig_loader.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

namespace ssomap::kube {
namespace {

/// client-go's default when neither --kubeconfig nor $KUBECONFIG is given.
constexpr const char* kDefaultPath = "~/.kube/config";
constexpr const char* kNoConfigHint =
    "point KUBECONFIG at a kubeconfig, pass --kubeconfig, or write one with: aws eks "
    "update-kubeconfig --name CLUSTER";

/// Relative paths name files in the current directory; they become absolute so that file
/// references inside them resolve as client-go's filepath.Abs does.
std::string Absolute(const std::string& path) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

}  // namespace

FileReader RealFileReader() {
  return [](const std::string& path) { return files::ReadIfExists(path); };
}

std::vector<std::string> KubeconfigPaths(const std::string& explicit_path, const Environment& env) {
  if (!explicit_path.empty()) return {ExpandHome(explicit_path, env)};
  std::vector<std::string> paths;
  if (auto list = env.Get("KUBECONFIG"); list && !list->empty()) {
    for (auto piece : text::Split(*list, ':')) {
      std::string path(piece);
      if (path.empty() || std::find(paths.begin(), paths.end(), path) != paths.end()) continue;
      paths.push_back(std::move(path));
    }
    if (!paths.empty()) return paths;
  }
  return {ExpandHome(kDefaultPath, env)};
}

Kubeconfig LoadKubeconfig(const std::string& explicit_path, const Environment& env,
                          const FileReader& read) {
  const auto paths = KubeconfigPaths(explicit_path, env);
  std::vector<Kubeconfig> configs;
  for (const auto& given : paths) {
    const auto path = Absolute(given);
    std::optional<std::string> content;
    try {
      content = read(path);
    } catch (const Error& e) {
      throw e.WithContext("reading kubeconfig");
    }
    if (!content) {
      if (!explicit_path.empty()) {
        throw Error(fmt::format("kubeconfig {} (from --kubeconfig) does not exist", given),
                    "check the path given to --kubeconfig");
      }
      continue;
    }
    configs.push_back(ParseKubeconfig(*content, path));
  }
  if (configs.empty()) {
    throw Error(fmt::format("no kubeconfig found (looked at {})", text::Join(paths, ", ")),
                kNoConfigHint);
  }
  return MergeKubeconfigs(std::move(configs));
}

}  // namespace ssomap::kube
