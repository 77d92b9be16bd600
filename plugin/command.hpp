#pragma once
/// The command table: one row per subcommand drives dispatch, help and "did you mean".

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cxxopts.hpp>

#include "core/error.hpp"
#include "global_options.hpp"

namespace ssomap::cli {

/// The streams a command may use: stdout for results only, stderr for progress and errors.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

class Runtime;

/// A parsed command line: the global flags, the command's own flags, its arguments, and the
/// real seams (plugin/runtime.hpp) built once for the run.
struct Invocation {
  GlobalOptions global;
  const cxxopts::ParseResult& flags;
  std::vector<std::string> args;
  Runtime& runtime;
};

struct Command {
  std::string_view name;
  std::string_view summary;  ///< one line, shown in the command list
  std::string_view
      synopsis;  ///< e.g. "add (--profile P | --arn ARN) (--admin | --view | --group G...)"
  std::string_view details;   ///< a paragraph for `--help`
  std::string_view examples;  ///< kubectl-style examples for `--help`
  void (*add_flags)(cxxopts::Options& options);
  Exit (*run)(const Invocation& invocation, Io& io);
};

/// Every subcommand, in the order `--help` lists them.
std::span<const Command> Commands();
/// The command called `name`, or nullptr.
const Command* FindCommand(std::string_view name);
/// The closest command name to a mistyped one, or empty when nothing is close.
std::string SuggestCommand(std::string_view name);

}  // namespace ssomap::cli
