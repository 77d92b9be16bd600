#pragma once
/// Global flags (DESIGN.md §2) and the argv conventions kubectl users expect.

#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "global_options.hpp"

namespace ssomap::cli {

/// Adds the global flags to a command's option set.
void AddGlobalFlags(cxxopts::Options& options);

/// Rewrites kubectl's spellings cxxopts does not know: `--v=N`, `-v=N`, `--v N` → `--verbosity=N`.
std::vector<std::string> NormalizeArgs(std::vector<std::string> args);

/// Index of the subcommand name in `args` (the first word that is not a flag or a flag's value),
/// or args.size() when there is none.
std::size_t FindCommandIndex(const std::vector<std::string>& args);

/// The global flags as a value. Throws a usage error for a bad `-o` or `--request-timeout`.
GlobalOptions ReadGlobalFlags(const cxxopts::ParseResult& result);

/// Parses `args` (without the program and command names) with `options`, turning cxxopts'
/// exceptions into usage errors that name the flag.
cxxopts::ParseResult ParseOrUsageError(cxxopts::Options& options,
                                       const std::vector<std::string>& args);

}  // namespace ssomap::cli
