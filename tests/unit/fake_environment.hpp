#pragma once
// A fixed core Environment for unit tests: the variables given, and a home directory.
#include <map>
#include <optional>
#include <string>

#include "core/environment.hpp"

namespace ssomap {

class FakeEnvironment final : public Environment {
 public:
  explicit FakeEnvironment(std::map<std::string, std::string> vars, std::string home = "/home/test")
      : vars_(std::move(vars)), home_(std::move(home)) {}
  std::optional<std::string> Get(const std::string& name) const override {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  }
  std::string Home() const override { return home_; }
  void Set(const std::string& name, const std::string& value) { vars_[name] = value; }

 private:
  std::map<std::string, std::string> vars_;
  std::string home_;
};

}  // namespace ssomap
