#pragma once
// Test doubles for the credential chain: a scripted MFA prompt, with the shared recording
// transport, process runner and temporary directory (tests/unit/fake_*.hpp, temp_dir.hpp).
#include <string>
#include <vector>

#include "aws/provider.hpp"
#include "fake_process.hpp"
#include "fake_transport.hpp"
#include "temp_dir.hpp"

namespace ssomap::testing {

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

}  // namespace ssomap::testing
