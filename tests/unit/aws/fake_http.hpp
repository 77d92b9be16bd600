#pragma once
// Test doubles for the credential chain: a recording HTTP transport with a scripted handler, a
// scripted process runner, a scripted prompt and a temporary HOME.
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "aws/provider.hpp"
#include "core/error.hpp"
#include "net/transport.hpp"

namespace ssomap::testing {

/// Records every request; answers with `handler` (default: 404).
class FakeHttp final : public net::Transport {
 public:
  std::vector<net::Request> requests;
  std::function<net::Response(const net::Request&)> handler = [](const net::Request&) {
    return net::Response{404, {}, "{}"};
  };
  net::Response Send(const net::Request& request) override {
    requests.push_back(request);
    return handler(request);
  }
  /// The first header `name` (case-sensitive as sent) of request `i`, or empty.
  std::string HeaderOf(std::size_t i, const std::string& name) const {
    for (const auto& [k, v] : requests.at(i).headers) {
      if (k == name) return v;
    }
    return {};
  }
};

/// Answers every process run with `result`, recording the requests.
class FakeProcesses final : public ProcessRunner {
 public:
  ProcessResult result;
  std::vector<ProcessRequest> requests;
  ProcessResult Run(const ProcessRequest& request) override {
    requests.push_back(request);
    return result;
  }
};

/// Answers every question with `answer` (nullopt: no terminal).
class FakePrompt final : public aws::Prompt {
 public:
  std::optional<std::string> answer;
  std::vector<std::string> questions;
  std::optional<std::string> Ask(const std::string& question) override {
    questions.push_back(question);
    return answer;
  }
};

/// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ssomap-unit-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw Error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ssomap::testing
