#include "core/redact.hpp"

#include <array>
#include <regex>
#include <vector>

#include "core/text.hpp"

namespace ssomap::redact {
namespace {

/// Headers whose whole value is a credential.
constexpr std::array<std::string_view, 7> kSecretHeaders = {
    "authorization", "proxy-authorization", "x-amz-security-token",    "x-amz-sso_bearer_token",
    "cookie",        "set-cookie",          "x-aws-ec2-metadata-token"};

/// Field names whose value is a secret, in JSON/YAML spelling (case-insensitive).
constexpr const char* kSecretFields =
    "accessToken|refreshToken|secretAccessKey|sessionToken|clientSecret|token|password|idToken|"
    "id-token|refresh-token|access-token|client-secret|webIdentityToken|client-key-data|"
    "registrationAccessToken|deviceCode|SecretAccessKey|SessionToken";

/// botocore's shared-file and environment names of secrets (case-insensitive).
constexpr const char* kSecretIniKeys =
    "aws_secret_access_key|aws_session_token|aws_security_token|secret_access_key|session_token";

/// Each pattern keeps group 1 (the name and separator) and replaces what follows.
struct Rule {
  std::regex pattern;
  std::string replacement;
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = [] {
    const auto icase = std::regex::ECMAScript | std::regex::icase;
    const std::string r(kRedacted);
    const std::string fields(kSecretFields);
    const std::string ini(kSecretIniKeys);
    return std::vector<Rule>{
        // PEM private keys (client-key files quoted whole).
        {std::regex(
             R"(-----BEGIN ([A-Z ]*)PRIVATE KEY-----[A-Za-z0-9+/=\s]*(-----END [A-Z ]*PRIVATE KEY-----)?)"),
         "-----BEGIN $1PRIVATE KEY-----" + r},
        // Query parameters of presigned URLs (also inside a decoded EKS token).
        {std::regex(R"(((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token)=)[^&\s"'<]*)",
                    icase),
         "$1" + r},
        // EKS bearer tokens anywhere.
        {std::regex(R"(k8s-aws-v1\.[A-Za-z0-9_\-]+)"), "k8s-aws-v1." + r},
        // Authorization-style values: "Bearer x", "Basic x", "AWS4-HMAC-SHA256 Credential=...".
        {std::regex(R"(((?:Bearer|Basic)\s+)[^\s"',]+)", icase), "$1" + r},
        {std::regex(R"((AWS4-HMAC-SHA256\s+)[^\r\n"]+)"), "$1" + r},
        // JSON fields, double or single quoted: "accessToken": "x".
        {std::regex(R"re((["'](?:)re" + fields + R"re()["']\s*:\s*")(?:[^"\\]|\\.)*")re", icase),
         "$1" + r + "\""},
        {std::regex(R"re((["'](?:)re" + fields + R"re()["']\s*:\s*')[^']*')re", icase),
         "$1" + r + "'"},
        // YAML fields with a bare value, at a line start or in a flow mapping: token: x,
        // - client-key-data: x, {password: x}. Prose such as "getting a token: ..." is left alone.
        {std::regex(R"re(((?:^|[\n{,])[ \t]*(?:-[ \t]+)?(?:)re" + fields +
                        R"re()[ \t]*:[ \t]*)[^\s"',}\]{]+)re",
                    icase),
         "$1" + r},
        // INI, env and shell forms: aws_secret_access_key = x, AWS_SESSION_TOKEN=x,
        // "aws_session_token": x.
        {std::regex(R"re(((?:)re" + ini + R"re()["']?\s*[=:]\s*["']?)[^\s"',&]+)re", icase),
         "$1" + r},
        // The same with the '=' forgotten (aws_secret_access_key SECRET): a token-shaped word of
        // 8 or more characters, so that prose such as "no aws_secret_access_key" stays readable.
        {std::regex(R"re(((?:)re" + ini + R"re()[ \t]+)[A-Za-z0-9/+_\-=][^\s"',&]{7,})re", icase),
         "$1" + r},
        // XML elements: <SecretAccessKey>x</SecretAccessKey>, <SessionToken>x</SessionToken>.
        {std::regex(R"((<(SecretAccessKey|SessionToken|WebIdentityToken)>)[^<]*)", icase),
         "$1" + r},
        // Form fields in request bodies (WebIdentityToken=..., TokenCode=...).
        {std::regex(R"(((?:^|&)(?:WebIdentityToken|TokenCode)=)[^&\s]*)", icase), "$1" + r},
        // nlohmann-json parse errors echo the input they stopped at.
        {std::regex(R"((last read: )'[^']*')"), "$1'" + r + "'"},
    };
  }();
  return rules;
}

}  // namespace

std::string Text(std::string_view text) {
  std::string out(text);
  for (const auto& rule : Rules()) out = std::regex_replace(out, rule.pattern, rule.replacement);
  return out;
}

std::string Header(std::string_view name, std::string_view value) {
  const std::string lower = text::Lower(name);
  for (auto secret : kSecretHeaders) {
    if (lower == secret) return std::string(kRedacted);
  }
  return Text(value);
}

}  // namespace ssomap::redact
