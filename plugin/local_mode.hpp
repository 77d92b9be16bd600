#pragma once
/// `-f FILE --local`: commands that work on an aws-auth manifest file instead of a cluster.

#include <string>

#include <cxxopts.hpp>

#include "awsauth/manifest.hpp"
#include "command.hpp"

namespace ssomap::cli {

/// Adds `-f/--filename` and `--local`.
void AddLocalFlags(cxxopts::Options& options);

/// True when the command runs on a file (`--local`). `-f` without `--local`, or `--local`
/// without `-f`, is a usage error.
bool IsLocal(const cxxopts::ParseResult& flags);

/// Reads and parses the manifest named by `-f` (`-` for stdin).
awsauth::Manifest ReadManifest(const cxxopts::ParseResult& flags, Io& io);

}  // namespace ssomap::cli
