// libFuzzer target: ~/.aws/config and ~/.aws/credentials of any bytes are parsed or refused with
// "FILE:LINE: problem" — never a crash, and never a message quoting a line (issue 11 §1).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/config_file.hpp"
#include "core/error.hpp"

using namespace ssomap;

namespace {

/// A line of the input that a message must not quote: long enough not to be a key or section
/// name that a message names on purpose, and holding '=' or a space (a value, or a value whose
/// '=' was forgotten).
bool QuotesALine(std::string message, std::string_view text) {
  // Our own words are not a quote, even when the fuzzer writes them into the input.
  for (std::string_view phrase :
       {"the line is neither a [section] header nor key = value", "a setting before any [section]",
        "is not key = value", "appears twice", "is set twice in", "a nested setting under",
        "the key on line", "the section on line"}) {
    for (auto at = message.find(phrase); at != std::string::npos; at = message.find(phrase))
      message.erase(at, phrase.size());
  }
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(start, end - start);
    if (line.size() >= 24 && line.find_first_of("= ") != std::string_view::npos &&
        line.front() != '[' && message.find(line) != std::string::npos)
      return true;
    start = end + 1;
  }
  return false;
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
      if (message.rfind("/fuzz/", 0) != 0 || message.find('\n') != std::string_view::npos ||
          QuotesALine(std::string(message), text))
        __builtin_trap();
    }
  }
  const auto files = aws::BuildConfig(config, credentials);
  for (const auto& [name, section] : files.profiles) (void)files.Get(name, "region");
  return 0;
}
