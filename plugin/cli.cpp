#include "cli.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "core/log.hpp"
#include "flags.hpp"
#include "help.hpp"
#include "runtime.hpp"

namespace ssomap::cli {

void PrintError(const Error& error, std::ostream& err) {
  fmt::print(err, "error: {}\n", error.what());
  if (!error.hint().empty()) fmt::print(err, "hint: {}\n", error.hint());
}

namespace {

Exit Dispatch(std::vector<std::string> args, Io& io) {
  args = NormalizeArgs(std::move(args));
  const auto at = FindCommandIndex(args);
  if (at == args.size()) {
    // No command: `kubectl ssomap`, `kubectl ssomap --help`, or only flags.
    PrintTopHelp(io.out);
    return Exit::kOk;
  }
  std::string name = args[at];
  args.erase(args.begin() + static_cast<std::ptrdiff_t>(at));
  if (name == "help") {
    const auto topic = FindCommandIndex(args);
    if (topic == args.size()) {
      PrintTopHelp(io.out);
      return Exit::kOk;
    }
    name = args[topic];
    args = {"--help"};
  }
  const Command* command = FindCommand(name);
  if (command == nullptr) {
    auto suggestion = SuggestCommand(name);
    throw UsageError(fmt::format("unknown command \"{}\" for \"kubectl ssomap\"", name),
                     suggestion.empty() ? "run 'kubectl ssomap --help' for the commands"
                                        : fmt::format("did you mean \"{}\"?", suggestion));
  }
  auto options = CommandOptions(*command);
  auto result = ParseOrUsageError(options, args);
  if (result.count("help")) {
    PrintCommandHelp(*command, options, io.out);
    return Exit::kOk;
  }
  const auto global = ReadGlobalFlags(result);
  log::SetVerbosity(global.verbosity);
  Runtime runtime(global, io.err);
  const Invocation invocation{global, result, result.unmatched(), runtime};
  return command->run(invocation, io);
}

}  // namespace

int Run(std::vector<std::string> args, Io& io) {
  try {
    return static_cast<int>(Dispatch(std::move(args), io));
  } catch (const Error& e) {
    PrintError(e, io.err);
    return static_cast<int>(e.exit());
  } catch (const std::exception& e) {
    // A library threw something we did not wrap: still one line, never a stack trace.
    PrintError(Error(e.what()), io.err);
    return static_cast<int>(Exit::kError);
  }
}

}  // namespace ssomap::cli
