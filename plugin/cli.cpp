#include "cli.hpp"

#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <nlohmann/json.hpp>

#include "core/deadline.hpp"
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
  deadline::StartCommand(global.request_timeout);
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
  } catch (const nlohmann::json::exception& e) {
    // A reply or file field of a type no reader checked: our one-line error, not the library's
    // "[json.exception.type_error.302] ..." (issue 11 §5). The redaction still applies.
    std::string_view what = e.what();
    if (const auto end = what.find("] ");
        !what.empty() && what.front() == '[' && end != std::string_view::npos)
      what.remove_prefix(end + 2);
    PrintError(Error(fmt::format("a server reply or a file has an unexpected shape: {}", what),
                     "check that the kubeconfig points at a Kubernetes API server and the AWS "
                     "endpoints are AWS's; run with -v 9 to see the replies"),
               io.err);
    return static_cast<int>(Exit::kError);
  } catch (const std::exception& e) {
    // A library threw something we did not wrap: still one line, never a stack trace.
    PrintError(Error(e.what()), io.err);
    return static_cast<int>(Exit::kError);
  }
}

}  // namespace ssomap::cli
