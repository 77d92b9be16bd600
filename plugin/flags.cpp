#include "flags.hpp"

#include <array>

#include <fmt/format.h>

#include "core/duration.hpp"
#include "core/error.hpp"

namespace ssomap::cli {
namespace {

// Global flags that take a value, so a value placed before the command is not taken for it.
constexpr std::array<std::string_view, 12> kValueFlags = {
    "--kubeconfig", "--context", "-n",       "--namespace", "--request-timeout", "--profile",
    "--region",     "-o",        "--output", "--as",        "--as-group",        "--as-uid"};

// --as-group as kubectl has it (a cobra stringArray): each use is one group, commas and all;
// cxxopts would split a std::vector value at commas.
struct AsGroups {
  std::vector<std::string> groups;
};
// Found by cxxopts through argument-dependent lookup, once per use of the flag.
[[maybe_unused]] void parse_value(const std::string& text, AsGroups& value) {
  value.groups.push_back(text);
}

std::string FlagNameIn(std::string_view message) {
  // cxxopts quotes names with U+2018/U+2019 on POSIX; fall back to the whole message.
  constexpr std::string_view kOpen = "\u2018", kClose = "\u2019";
  auto a = message.find(kOpen);
  auto b = message.find(kClose, a == std::string_view::npos ? 0 : a);
  if (a == std::string_view::npos || b == std::string_view::npos) return std::string(message);
  return std::string(message.substr(a + kOpen.size(), b - a - kOpen.size()));
}

std::string Dashed(const std::string& name) {
  if (name.empty() || name[0] == '-') return name;
  return (name.size() == 1 ? "-" : "--") + name;
}

}  // namespace

void AddGlobalFlags(cxxopts::Options& options) {
  options.add_options("Global")("kubeconfig", "Path to the kubeconfig file to use",
                                cxxopts::value<std::string>(), "FILE")(
      "context", "The kubeconfig context to use", cxxopts::value<std::string>(), "NAME")(
      "n,namespace", "The namespace for --view (default: the context's)",
      cxxopts::value<std::string>(),
      "NS")("request-timeout",
            "Time the whole command may wait on servers, plugins and locks, all retries "
            "included (0 = the default, 60s), e.g. 30s",
            cxxopts::value<std::string>()->default_value("0"), "DURATION")(
      "profile",
      "AWS profile (default: the context's exec profile, then AWS_PROFILE, then default)",
      cxxopts::value<std::string>(),
      "NAME")("region", "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's)",
              cxxopts::value<std::string>(),
              "REGION")("o,output", "Output format: table, json or yaml",
                        cxxopts::value<std::string>()->default_value("table"), "FORMAT")(
      "v,verbosity", "Log level on stderr (secrets are always redacted)",
      cxxopts::value<int>()->default_value("0"),
      "N")("as", "Username to impersonate for the operation (kubectl's --as)",
           cxxopts::value<std::string>(),
           "USER")("as-group", "Group to impersonate for the operation; repeat for more groups",
                   cxxopts::value<AsGroups>(), "GROUP")(
      "as-uid", "UID to impersonate for the operation", cxxopts::value<std::string>(), "UID")(
      "h,help", "Help for this command");
}

std::vector<std::string> NormalizeArgs(std::vector<std::string> args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto& a = args[i];
    if (a == "--") {
      out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    if (a.rfind("--v=", 0) == 0 || a.rfind("-v=", 0) == 0) {
      out.push_back("--verbosity=" + a.substr(a.find('=') + 1));
    } else if (a == "--v") {
      out.push_back("--verbosity");
    } else {
      out.push_back(std::move(a));
    }
  }
  return out;
}

std::size_t FindCommandIndex(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--") return args.size();
    if (a.empty() || a[0] != '-') return i;
    bool takes_value = false;
    for (auto f : kValueFlags) takes_value = takes_value || a == f;
    if (takes_value || a == "-v" || a == "--verbosity") ++i;
  }
  return args.size();
}

GlobalOptions ReadGlobalFlags(const cxxopts::ParseResult& r) {
  GlobalOptions g;
  auto str = [&](const char* name) {
    return r.count(name) ? r[name].as<std::string>() : std::string();
  };
  g.kubeconfig = str("kubeconfig");
  g.context = str("context");
  g.namespace_ = str("namespace");
  g.profile = str("profile");
  g.region = str("region");
  g.verbosity = r["verbosity"].as<int>();
  if (r.count("as")) g.as = r["as"].as<std::string>();
  if (r.count("as-uid")) g.as_uid = r["as-uid"].as<std::string>();
  if (r.count("as-group")) g.as_groups = r["as-group"].as<AsGroups>().groups;
  try {
    g.request_timeout = ParseDuration(r["request-timeout"].as<std::string>());
  } catch (const Error& e) {
    throw UsageError(fmt::format("--request-timeout: {}", e.what()), e.hint());
  }
  const auto output = r["output"].as<std::string>();
  if (output == "table" || output == "wide")
    g.output = OutputFormat::kTable;
  else if (output == "json")
    g.output = OutputFormat::kJson;
  else if (output == "yaml")
    g.output = OutputFormat::kYaml;
  else {
    throw UsageError(
        fmt::format("unable to match a printer suitable for the output format \"{}\", "
                    "allowed formats are: json,table,yaml",
                    output));
  }
  return g;
}

cxxopts::ParseResult ParseOrUsageError(cxxopts::Options& options,
                                       const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  argv.push_back("kubectl-ssomap");
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    return options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::no_such_option& e) {
    throw UsageError(fmt::format("unknown flag: {}", Dashed(FlagNameIn(e.what()))),
                     "see the command's --help for its flags");
  } catch (const cxxopts::exceptions::missing_argument& e) {
    throw UsageError(fmt::format("flag needs an argument: {}", Dashed(FlagNameIn(e.what()))));
  } catch (const cxxopts::exceptions::option_requires_argument& e) {
    throw UsageError(fmt::format("flag needs an argument: {}", Dashed(FlagNameIn(e.what()))));
  } catch (const cxxopts::exceptions::incorrect_argument_type& e) {
    throw UsageError(fmt::format("invalid value {} for a flag", FlagNameIn(e.what())));
  } catch (const cxxopts::exceptions::exception& e) {
    throw UsageError(e.what());
  }
}

}  // namespace ssomap::cli
