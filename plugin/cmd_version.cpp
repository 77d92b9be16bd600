// `kubectl ssomap version`: version and build information.
#include <curl/curl.h>
#include <openssl/opensslv.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "commands_list.hpp"
#include "printers.hpp"
#include "ssomap_build_info.hpp"

namespace ssomap::cli {
namespace {

void Flags(cxxopts::Options&) {}

Exit Run(const Invocation& inv, Io& io) {
  if (!inv.args.empty())
    throw UsageError(fmt::format("version takes no arguments, got \"{}\"", inv.args[0]));
  nlohmann::ordered_json info = {
      {"version", SSOMAP_VERSION},
      {"buildType", SSOMAP_BUILD_TYPE},
      {"compiler", SSOMAP_COMPILER},
      {"libcurl", curl_version_info(CURLVERSION_NOW)->version},
      {"openssl", OPENSSL_FULL_VERSION_STR},
      {"fmt", FMT_VERSION},
  };
  if (inv.global.output == OutputFormat::kTable) {
    fmt::print(io.out, "kubectl-ssomap {} ({}, {}; libcurl {}, OpenSSL {})\n", SSOMAP_VERSION,
               SSOMAP_BUILD_TYPE, SSOMAP_COMPILER, info["libcurl"].get<std::string>(),
               OPENSSL_FULL_VERSION_STR);
  } else {
    PrintStructured(info, inv.global.output, io.out);
  }
  return Exit::kOk;
}

}  // namespace

Command VersionCommand() {
  return {"version",
          "Print the version and build information",
          "version [-o json|yaml]",
          "",
          "  kubectl ssomap version\n  kubectl ssomap version -o json",
          Flags,
          Run};
}

}  // namespace ssomap::cli
