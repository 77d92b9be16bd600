#include "core/environment.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace ssomap {

std::string Environment::GetOr(const std::string& name, const std::string& fallback) const {
  auto v = Get(name);
  return v && !v->empty() ? *v : fallback;
}

std::optional<std::string> ProcessEnvironment::Get(const std::string& name) const {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::string ProcessEnvironment::Home() const {
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') return h;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr)
    return pw->pw_dir;
  return "/";
}

std::string ExpandHome(const std::string& path, const Environment& env) {
  if (path == "~") return env.Home();
  if (path.rfind("~/", 0) == 0) return env.Home() + path.substr(1);
  return path;
}

}  // namespace ssomap
