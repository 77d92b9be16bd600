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

awsauth::Manifest ReadManifest(const std::string& path, Io& io) {
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

std::string RenderEdited(const awsauth::Manifest& manifest, const awsauth::Data& data) {
  return awsauth::RenderManifest(manifest, data);
}

ops::LineMapper FileLines(const awsauth::Manifest& manifest) {
  return [&manifest](const std::string& key, std::size_t line) {
    auto file_line = awsauth::FileLine(manifest, key, line);
    return file_line ? file_line : line;
  };
}

}  // namespace ssomap::cli
