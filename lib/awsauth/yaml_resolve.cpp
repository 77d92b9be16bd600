#include "awsauth/yaml_resolve.hpp"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace ssomap::awsauth {
namespace {

// resolve.go resolveMapList: the bool and float words (null words are null nodes already).
constexpr std::array<std::string_view, 34> kWords = {
    "y",     "Y",     "yes",   "Yes",   "YES",   "true",  "True", "TRUE",  "on",
    "On",    "ON",    "n",     "N",     "no",    "No",    "NO",   "false", "False",
    "FALSE", "off",   "Off",   "OFF",   ".nan",  ".NaN",  ".NAN", ".inf",  ".Inf",
    ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// strconv.ParseUint(s, base, 64) with base 0 or 2..36: nullopt on a syntax or range error.
std::optional<std::uint64_t> ParseUint(std::string_view s, int base) {
  if (s.empty()) return std::nullopt;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      const char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
      base = p == 'b' ? 2 : p == 'o' ? 8 : p == 'x' ? 16 : 8;
      s.remove_prefix(p == 'b' || p == 'o' || p == 'x' ? 2 : 1);
    }
  }
  std::uint64_t n = 0;
  for (char c : s) {
    const int d = DigitValue(c);
    if (d >= base) return std::nullopt;
    const auto b = static_cast<std::uint64_t>(base);
    if (n > (UINT64_MAX - static_cast<std::uint64_t>(d)) / b) return std::nullopt;
    n = n * b + static_cast<std::uint64_t>(d);
  }
  return n;
}

// strconv.ParseInt(s, base, 64): an optional sign, then ParseUint, within int64.
bool ParsesAsInt(std::string_view s, int base) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const auto n = ParseUint(s, base);
  if (!n) return false;
  return negative ? *n <= (std::uint64_t{1} << 63) : *n < (std::uint64_t{1} << 63);
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// yamlStyleFloat `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
bool YamlStyleFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  const auto e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.remove_prefix(1);
    if (!AllDigits(exponent)) return false;
  }
  const auto dot = mantissa.find('.');
  if (dot == std::string_view::npos) return AllDigits(mantissa);
  const auto whole = mantissa.substr(0, dot);
  const auto frac = mantissa.substr(dot + 1);
  if (whole.empty()) return AllDigits(frac);
  return AllDigits(whole) && (frac.empty() || AllDigits(frac));
}

// strconv.ParseFloat succeeds (syntax checked by the caller): the value is finite.
bool FiniteFloat(const std::string& s) {
  errno = 0;
  const double v = std::strtod(s.c_str(), nullptr);
  return std::isfinite(v);
}

}  // namespace

bool PlainIsNonString(std::string_view text) {
  if (text.empty()) return false;
  for (auto w : kWords) {
    if (w == text) return true;
  }
  const char c = text[0];
  if (c == '.') {
    // hint '.': strconv.ParseFloat(in): `.5`, `.5e3` (no underscores without a base prefix).
    return YamlStyleFloat(text) && FiniteFloat(std::string(text));
  }
  if (!(c == '+' || c == '-' || (c >= '0' && c <= '9'))) return false;
  std::string plain;  // strings.Replace(in, "_", "", -1)
  for (char ch : text) {
    if (ch != '_') plain += ch;
  }
  if (ParsesAsInt(plain, 0)) return true;
  if (plain[0] != '-' && plain[0] != '+' && ParseUint(plain, 0)) return true;
  if (YamlStyleFloat(plain) && FiniteFloat(plain)) return true;
  if (plain.starts_with("0b")) return ParsesAsInt(std::string_view(plain).substr(2), 2);
  if (plain.starts_with("-0b"))
    return ParsesAsInt('-' + plain.substr(3), 2);  // a char: GCC bug 105329
  return false;  // timestamps stay strings in an interface{} (decode.go)
}

}  // namespace ssomap::awsauth
