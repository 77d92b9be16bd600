#pragma once
/// The real MFA prompt: asks on the controlling terminal (/dev/tty), never on stdout.

#include "aws/provider.hpp"

namespace ssomap::aws {

/// Reads one line from /dev/tty with echo off; nullopt when there is no terminal.
class TerminalPrompt final : public Prompt {
 public:
  std::optional<std::string> Ask(const std::string& question) override;
};

}  // namespace ssomap::aws
