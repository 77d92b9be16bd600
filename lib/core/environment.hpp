#pragma once
/// The process environment and home directory behind a seam, so chains and loaders are testable.

#include <map>
#include <optional>
#include <string>

namespace ssomap {

class Environment {
 public:
  virtual ~Environment() = default;
  /// The value of `name`, or nullopt when unset (an empty value is returned as "").
  virtual std::optional<std::string> Get(const std::string& name) const = 0;
  /// The value of `name`, or `fallback` when unset or empty.
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  /// $HOME (falls back to the passwd entry).
  virtual std::string Home() const = 0;
};

/// The real environment of this process.
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(const std::string& name) const override;
  std::string Home() const override;
};

/// `~/x` and `~` expanded against `env.Home()`; other paths unchanged.
std::string ExpandHome(const std::string& path, const Environment& env);

}  // namespace ssomap
