#pragma once
/// The top of the program: argv in, exit code out. Errors are caught and printed here, once.

#include <string>
#include <vector>

#include "command.hpp"

namespace ssomap::cli {

/// Runs `kubectl ssomap ARGS...` (args without argv[0]) and returns the process exit code.
int Run(std::vector<std::string> args, Io& io);

/// Prints an error as kubectl does: `error: <message>` and, if known, `hint: <fix>`.
void PrintError(const Error& error, std::ostream& err);

}  // namespace ssomap::cli
