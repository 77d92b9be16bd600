#pragma once
/// `-f FILE --local`: commands that work on an aws-auth manifest file instead of a cluster. The
/// one place of plugin/ besides the runtime that reads lib/awsauth (the manifest's bytes).

#include <string>

#include <cxxopts.hpp>

#include "awsauth/manifest.hpp"
#include "command.hpp"
#include "ops/list_report.hpp"

namespace ssomap::cli {

/// Adds `-f/--filename` and `--local` (ParseLocalFile reads them).
void AddLocalFlags(cxxopts::Options& options);

/// Reads and parses the manifest at `path` (`-` for stdin). Throws ssomap::Error naming it.
awsauth::Manifest ReadManifest(const std::string& path, Io& io);

/// The manifest's text with its data replaced by `data`: every other byte as it was.
std::string RenderEdited(const awsauth::Manifest& manifest, const awsauth::Data& data);

/// Lines within a data key's value → lines of the manifest file.
ops::LineMapper FileLines(const awsauth::Manifest& manifest);

}  // namespace ssomap::cli
