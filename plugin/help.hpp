#pragma once
/// `--help` text, built from the command table.

#include <iosfwd>

#include <cxxopts.hpp>

#include "command.hpp"

namespace ssomap::cli {

/// The option set of one command: its own flags and the global ones.
cxxopts::Options CommandOptions(const Command& command);

/// `kubectl ssomap --help`: what the plugin does, the commands, the exit codes.
void PrintTopHelp(std::ostream& out);

/// `kubectl ssomap CMD --help`: usage, details, examples, flags, exit codes.
void PrintCommandHelp(const Command& command, const cxxopts::Options& options, std::ostream& out);

}  // namespace ssomap::cli
