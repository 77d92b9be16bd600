// Building botocore's profile map from the two files, and choosing the profile and region.
#include "aws/config_file.hpp"

#include <cctype>
#include <optional>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

namespace ssomap::aws {
namespace {

// os.path.expandvars then expanduser, as botocore's raw_config_parse does.
std::string ExpandPath(const std::string& path, const Environment& env) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '$') {
      out += path[i];
      continue;
    }
    std::size_t start = i + 1;
    bool braced = start < path.size() && path[start] == '{';
    if (braced) ++start;
    std::size_t end = start;
    while (end < path.size() &&
           (std::isalnum(static_cast<unsigned char>(path[end])) != 0 || path[end] == '_'))
      ++end;
    auto name = path.substr(start, end - start);
    bool closed = !braced || (end < path.size() && path[end] == '}');
    auto value = name.empty() || !closed ? std::nullopt : env.Get(name);
    if (!value) {
      out += path[i];
      continue;
    }
    out += *value;
    i = braced ? end : end - 1;
  }
  return ExpandHome(out, env);
}

}  // namespace

const Section* ConfigFiles::Profile(const std::string& name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

std::string ConfigFiles::Get(const std::string& name, std::string_view key) const {
  const Section* s = Profile(name);
  return s == nullptr ? std::string() : s->Get(key);
}

ConfigFiles BuildConfig(const std::vector<Section>& config,
                        const std::vector<Section>& credentials) {
  ConfigFiles out;
  for (const auto& section : config) {
    if (section.name == "default") {
      out.config_profiles["default"] = section;
      continue;
    }
    auto words = text::ShellSplit(section.name);  // botocore: shlex.split
    if (!words || words->size() != 2) continue;
    const auto& [kind, name] = std::pair((*words)[0], (*words)[1]);
    if (kind == "profile") {
      out.config_profiles[name] = section;
    } else if (kind == "sso-session") {
      out.sso_sessions[name] = section;
    } else if (kind == "services") {
      out.services[name] = section;
    }
  }
  out.profiles = out.config_profiles;
  for (const auto& section : credentials) {
    out.credentials_profiles[section.name] = section;
    auto [it, inserted] = out.profiles.try_emplace(section.name, section);
    if (inserted) continue;
    for (const auto& [key, value] : section.values) it->second.values[key] = value;
    for (const auto& [key, value] : section.nested) it->second.nested[key] = value;
  }
  return out;
}

std::string ConfigFilePath(const Environment& env) {
  return ExpandPath(env.GetOr("AWS_CONFIG_FILE", "~/.aws/config"), env);
}

std::string CredentialsFilePath(const Environment& env) {
  return ExpandPath(env.GetOr("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"), env);
}

ConfigFiles LoadConfigFiles(const Environment& env) {
  auto config_path = ConfigFilePath(env);
  auto credentials_path = CredentialsFilePath(env);
  auto parse = [](const std::string& path) {
    auto content = files::ReadIfExists(path);
    return content ? ParseIni(*content, path) : std::vector<Section>{};
  };
  auto out = BuildConfig(parse(config_path), parse(credentials_path));
  out.config_path = config_path;
  out.credentials_path = credentials_path;
  return out;
}

ProfileChoice SelectProfile(const std::string& flag, const Environment& env) {
  if (!flag.empty()) return {flag, true};
  for (const char* name : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    if (auto v = env.Get(name); v && !v->empty()) return {*v, false};
  }
  return {std::string(kDefaultProfile), false};
}

std::string SelectRegion(const std::string& flag, const Environment& env, const ConfigFiles& config,
                         const std::string& profile) {
  if (!flag.empty()) return flag;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto v = env.Get(name); v && !v->empty()) return *v;
  }
  return config.Get(profile, "region");
}

}  // namespace ssomap::aws
