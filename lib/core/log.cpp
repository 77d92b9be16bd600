#include "core/log.hpp"

#include <array>
#include <atomic>
#include <iostream>
#include <mutex>
#include <regex>

#include "core/text.hpp"

namespace ssomap::log {
namespace {

constexpr std::string_view kRedacted = "REDACTED";

std::atomic<int> g_verbosity{0};
std::atomic<std::ostream*> g_sink{nullptr};
std::mutex g_write_mutex;

/// Headers whose whole value is a credential.
constexpr std::array<std::string_view, 7> kSecretHeaders = {
    "authorization", "proxy-authorization", "x-amz-security-token",    "x-amz-sso_bearer_token",
    "cookie",        "set-cookie",          "x-aws-ec2-metadata-token"};

/// Each pattern keeps group 1 (the name and separator) and replaces what follows.
struct Rule {
  std::regex pattern;
  std::string replacement;
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = [] {
    const auto icase = std::regex::ECMAScript | std::regex::icase;
    const std::string r(kRedacted);
    return std::vector<Rule>{
        // Query parameters of presigned URLs (also inside a decoded EKS token).
        {std::regex(R"(((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\s"'<]*)",
                    icase),
         "$1" + r},
        // EKS bearer tokens anywhere.
        {std::regex(R"(k8s-aws-v1\.[A-Za-z0-9_\-]+)"), "k8s-aws-v1." + r},
        // Authorization-style values: "Bearer x", "AWS4-HMAC-SHA256 Credential=..., Signature=...",
        // "Basic x".
        {std::regex(R"(((?:Bearer|Basic)\s+)[^\s"',]+)", icase), "$1" + r},
        {std::regex(R"((AWS4-HMAC-SHA256\s+)[^\r\n"]+)"), "$1" + r},
        // JSON fields: "accessToken": "x" (any case, with or without spaces).
        {std::regex(
             R"re(("(?:accessToken|refreshToken|secretAccessKey|sessionToken|clientSecret|token|password|idToken|webIdentityToken|client-key-data|registrationAccessToken|deviceCode)"\s*:\s*")(?:[^"\\]|\\.)*")re",
             icase),
         "$1" + r + "\""},
        // XML elements: <SecretAccessKey>x</SecretAccessKey>, <SessionToken>x</SessionToken>.
        {std::regex(R"((<(SecretAccessKey|SessionToken|WebIdentityToken)>)[^<]*)", icase),
         "$1" + r},
        // Form fields in request bodies (WebIdentityToken=..., TokenCode=...).
        {std::regex(R"(((?:^|&)(?:WebIdentityToken|TokenCode)=)[^&\s]*)", icase), "$1" + r},
    };
  }();
  return rules;
}

}  // namespace

void SetVerbosity(int level) { g_verbosity = level < 0 ? 0 : level; }
int Verbosity() { return g_verbosity; }
void SetSink(std::ostream* sink) { g_sink = sink; }

void Write(int level, std::string_view message) {
  if (!Enabled(level)) return;
  const std::string line = Redact(message);
  std::lock_guard lock(g_write_mutex);
  std::ostream* sink = g_sink.load();
  (sink ? *sink : std::cerr) << "I " << line << '\n';
}

std::string Redact(std::string_view text) {
  std::string out(text);
  for (const auto& rule : Rules()) out = std::regex_replace(out, rule.pattern, rule.replacement);
  return out;
}

std::string RedactHeader(std::string_view name, std::string_view value) {
  const std::string lower = text::Lower(name);
  for (auto secret : kSecretHeaders) {
    if (lower == secret) return std::string(kRedacted);
  }
  return Redact(value);
}

void Headers(std::string_view direction,
             const std::vector<std::pair<std::string, std::string>>& headers) {
  if (!Enabled(kHeaders)) return;
  for (const auto& [name, value] : headers) {
    Write(kHeaders, fmt::format("{} {}: {}", direction, name, RedactHeader(name, value)));
  }
}

}  // namespace ssomap::log
