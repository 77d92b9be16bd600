// libFuzzer target: ~/.aws/config and ~/.aws/credentials of any bytes are parsed or refused with
// "FILE:LINE: problem" — never a crash, and never a message quoting a line (issue 11 §1).
#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <string_view>

#include "aws/config_file.hpp"
#include "core/error.hpp"

using namespace ssomap;

namespace {

/// Every message ParseIni gives is one of its templates, whose only variable parts are a line
/// number or a plain key or section name (lib/aws/config_ini.cpp): so no message can quote a
/// line of the file, whatever the line holds (issue 11 §1). Checking the shape, not searching
/// for quoted lines, holds even when the fuzzer writes our own words into the input.
bool IsATemplate(const std::string& message) {
  static const std::string kKey = "(key `[A-Za-z0-9_./@:-]{1,64}`|the key on line [0-9]+)";
  static const std::string kSection =
      "(section \\[[A-Za-z0-9_./@: -]{1,64}\\]|the section on line [0-9]+)";
  static const std::regex kTemplates(
      "/fuzz/(config|credentials):[0-9]+: (a setting before any \\[section\\]"
      "|the line is neither a \\[section\\] header nor key = value"
      "|" +
      kSection +
      " appears twice"
      "|" +
      kKey + " is set twice in " + kSection + "|a nested setting under " + kKey +
      " is not key = value)");
  return std::regex_match(message, kTemplates);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<aws::Section> config;
  std::vector<aws::Section> credentials;
  for (auto* into : {&config, &credentials}) {
    try {
      *into = aws::ParseIni(text, into == &config ? "/fuzz/config" : "/fuzz/credentials");
    } catch (const Error& e) {
      const std::string_view message = e.what();
      if (!IsATemplate(std::string(message))) __builtin_trap();
    }
  }
  const auto files = aws::BuildConfig(config, credentials);
  for (const auto& [name, section] : files.profiles) (void)files.Get(name, "region");
  return 0;
}
