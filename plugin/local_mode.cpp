#include "local_mode.hpp"

#include <istream>
#include <iterator>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/files.hpp"

namespace ssomap::cli {

void AddLocalFlags(cxxopts::Options& options) {
  options.add_options()("f,filename",
                        "An aws-auth ConfigMap manifest to work on ('-' for stdin); needs --local",
                        cxxopts::value<std::string>(),
                        "FILE")("local", "Work on the -f file only; never contact a cluster");
}

bool IsLocal(const cxxopts::ParseResult& flags) {
  const bool local = flags.count("local") > 0;
  const bool file = flags.count("filename") > 0;
  if (local && !file)
    throw UsageError("--local needs -f FILE", "pass the aws-auth manifest with -f FILE");
  if (file && !local) {
    throw UsageError("-f FILE works on the file only with --local",
                     "add --local, or leave out -f to work on the current cluster");
  }
  return local;
}

awsauth::Manifest ReadManifest(const cxxopts::ParseResult& flags, Io& io) {
  const auto path = flags["filename"].as<std::string>();
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(io.in), std::istreambuf_iterator<char>());
  } else {
    try {
      text = files::Read(path);
    } catch (const Error& e) {
      throw e.WithHint("check the path given to -f");
    }
  }
  try {
    return awsauth::ParseManifest(std::move(text));
  } catch (const Error& e) {
    throw e.WithContext(path == "-" ? std::string("stdin") : path);
  }
}

}  // namespace ssomap::cli
