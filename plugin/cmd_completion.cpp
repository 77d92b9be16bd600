// `kubectl ssomap completion`: how to turn on shell completion; and the hidden `__complete`.
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands_list.hpp"
#include "completion.hpp"
#include "completion_sources.hpp"

namespace ssomap::cli {
namespace {

constexpr std::string_view kHelper = "kubectl_complete-ssomap";

void Flags(cxxopts::Options&) {}

/// The directory of the running binary (krew's store directory when installed by krew), or
/// empty where /proc is not there.
std::filesystem::path OwnDirectory() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : self.parent_path();
}

Exit Run(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("completion takes no arguments, got \"{}\"", inv.args[0]));
  const auto dir = OwnDirectory();
  const auto helper = dir.empty() ? std::filesystem::path(kHelper) : dir / kHelper;
  std::error_code ec;
  const bool found = !dir.empty() && std::filesystem::exists(helper, ec);
  fmt::print(io.out,
             "kubectl ssomap completes through kubectl's own shell completion (kubectl 1.26 or\n"
             "newer): on `kubectl ssomap <TAB>`, kubectl runs the program {} from PATH\n"
             "and offers what it prints: commands, flags, contexts, AWS profiles, namespaces,\n"
             "backup names and output formats.\n\n",
             kHelper);
  if (found) {
    fmt::print(io.out, "It ships next to this binary: {}\n", helper.string());
  } else {
    fmt::print(io.out,
               "It ships in the release archive next to kubectl-ssomap (from source: "
               "plugin/{}).\n",
               kHelper);
  }
  fmt::print(io.out,
             "krew links only kubectl-ssomap into its bin directory, so link the helper too:\n\n"
             "  ln -sf {} \"${{KREW_ROOT:-$HOME/.krew}}/bin/{}\"\n\n"
             "(or into any directory on PATH). Then load kubectl's completion in your shell, if\n"
             "it is not already:\n\n"
             "  bash:  source <(kubectl completion bash)    # e.g. in ~/.bashrc\n"
             "  zsh:   source <(kubectl completion zsh)     # e.g. in ~/.zshrc\n"
             "  fish:  kubectl completion fish | source\n\n"
             "Check it: kubectl __complete ssomap ''  lists the commands.\n",
             found ? helper.string() : std::string("/path/to/") + std::string(kHelper), kHelper);
  return Exit::kOk;
}

}  // namespace

int RunComplete(const std::vector<std::string>& words, Io& io) {
  try {
    PrintCompletions(Complete(words, RealCompletionSources()), io.out);
  } catch (const std::exception&) {
    PrintCompletions({{}, kCompError}, io.out);
  }
  return 0;
}

Command CompletionCommand() {
  return {"completion",
          "Say how to turn on shell completion",
          "completion",
          "Completion works through kubectl's plugin completion (kubectl 1.26 or newer), which "
          "runs the helper kubectl_complete-ssomap; this command says where it is and how to put "
          "it on PATH.",
          "  kubectl ssomap completion",
          Flags,
          Run};
}

}  // namespace ssomap::cli
