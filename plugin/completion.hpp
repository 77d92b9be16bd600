#pragma once
/// Shell completion through kubectl's plugin completion: kubectl (>= 1.26) runs the executable
/// `kubectl_complete-ssomap` found on PATH with the words typed after `kubectl ssomap`, the last
/// one being the word under completion (possibly empty), and reads cobra's `__complete` reply
/// (kubernetes/kubectl pkg/cmd/plugin/plugin_completion.go). That helper runs
/// `kubectl-ssomap __complete WORDS...`, answered here.

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"

namespace ssomap::cli {

/// cobra's hidden completion command name (spf13/cobra completions.go ShellCompRequestCmd).
inline constexpr std::string_view kCompleteCommand = "__complete";

/// cobra's ShellCompDirective bits (spf13/cobra completions.go); the reply's last line is ":N".
enum CompDirective : int {
  kCompDefault = 0,        ///< the shell may also offer file names
  kCompError = 1,          ///< an error occurred; the shell completes nothing
  kCompNoSpace = 2,        ///< no space after the completion (e.g. `--dry-run=`)
  kCompNoFileComp = 4,     ///< no file names when there are no candidates
  kCompFilterFileExt = 8,  ///< the candidates are file extensions to filter by
  kCompFilterDirs = 16,    ///< directories only
  kCompKeepOrder = 32,     ///< keep this order rather than sort
};

/// One candidate: the word and an optional one-line description (cobra's "word\tdescription").
struct Candidate {
  std::string value;
  std::string description;
};

struct Completions {
  std::vector<Candidate> candidates;
  int directive = kCompNoFileComp;
};

/// Where the values of flags and arguments come from. Every method returns an empty list when
/// the value cannot be had (no kubeconfig, an unreachable cluster, no AWS config): completion
/// prints nothing rather than an error in the middle of a command line.
class CompletionSources {
 public:
  virtual ~CompletionSources() = default;
  /// The context names of the kubeconfig (`kubeconfig` = --kubeconfig typed, or empty).
  virtual std::vector<std::string> Contexts(const std::string& kubeconfig) const = 0;
  /// The profile names of the AWS config and credentials files.
  virtual std::vector<std::string> Profiles() const = 0;
  /// The namespaces of the chosen context's cluster, asked with a short timeout.
  virtual std::vector<std::string> Namespaces(const std::string& kubeconfig,
                                              const std::string& context) const = 0;
  /// The aws-auth backup names of the chosen context, newest first.
  virtual std::vector<std::string> Backups(const std::string& kubeconfig,
                                           const std::string& context) const = 0;
};

/// The completions of the last word of `words` (the words after `kubectl ssomap`): command
/// names, then the command's flags (its own and the global ones, from the command table), flag
/// values (`--flag V`, `--flag=V`, `-oV`) and `restore`'s backup name. Candidates start with
/// the word typed. Pure apart from `sources`.
Completions Complete(const std::vector<std::string>& words, const CompletionSources& sources);

/// cobra's reply: one candidate per line ("value" or "value\tdescription"), then ":N".
void PrintCompletions(const Completions& completions, std::ostream& out);

/// `kubectl-ssomap __complete WORDS...` with the real sources. Always exits 0: kubectl ignores
/// the reply of a helper that fails.
int RunComplete(const std::vector<std::string>& words, Io& io);

}  // namespace ssomap::cli
