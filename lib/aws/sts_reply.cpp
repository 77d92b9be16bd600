#include "aws/sts_reply.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "core/text.hpp"

namespace ssomap::aws::sts {
namespace {

/// Codes that mean the credentials (not the request) are at fault: exit kAuth.
constexpr std::array<std::string_view, 12> kAuthCodes = {"ExpiredToken",
                                                         "ExpiredTokenException",
                                                         "RequestExpired",
                                                         "InvalidClientTokenId",
                                                         "SignatureDoesNotMatch",
                                                         "IncompleteSignature",
                                                         "MissingAuthenticationToken",
                                                         "AccessDenied",
                                                         "UnrecognizedClientException",
                                                         "InvalidIdentityToken",
                                                         "IDPRejectedClaim",
                                                         "InvalidAccessKeyId"};

/// How much of an unreadable reply to quote in an error.
constexpr std::size_t kSnippet = 120;

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return std::string(text::Trim(s));
}

std::optional<std::string> DecodeEntities(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '<') return std::nullopt;  // markup where text was expected
    if (raw[i] != '&') {
      out.push_back(raw[i]);
      continue;
    }
    const auto semi = raw.find(';', i);
    if (semi == std::string_view::npos) return std::nullopt;
    const auto entity = raw.substr(i + 1, semi - i - 1);
    if (entity == "amp")
      out.push_back('&');
    else if (entity == "lt")
      out.push_back('<');
    else if (entity == "gt")
      out.push_back('>');
    else if (entity == "quot")
      out.push_back('"');
    else if (entity == "apos")
      out.push_back('\'');
    else if (entity.size() > 1 && entity[0] == '#') {
      unsigned value = 0;
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const auto digits = entity.substr(hex ? 2 : 1);
      const auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
      if (ec != std::errc() || end != digits.data() + digits.size() || value > 0x7f)
        return std::nullopt;
      out.push_back(static_cast<char>(value));  // STS only escapes ASCII (&#xD; and the like)
    } else {
      return std::nullopt;
    }
    i = semi;
  }
  return out;
}

const nlohmann::json* JsonAt(const nlohmann::json& root,
                             std::initializer_list<std::string_view> path) {
  const nlohmann::json* node = &root;
  for (auto key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(std::string(key));
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string_view FirstChar(std::string_view body) { return text::Trim(body).substr(0, 1); }

}  // namespace

std::optional<std::string_view> XmlElement(std::string_view xml, std::string_view tag) {
  const std::string open = fmt::format("<{}", tag);
  const std::string close = fmt::format("</{}>", tag);
  for (std::size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= xml.size()) return std::nullopt;
    // "<Arn>" or "<Arn xmlns=…>", not "<ArnSuffix>".
    if (xml[after] != '>' && xml[after] != ' ' && xml[after] != '/') continue;
    const auto content_begin = xml.find('>', after);
    if (content_begin == std::string_view::npos) return std::nullopt;
    if (xml[content_begin - 1] == '/') return std::string_view();  // <Tag/>
    const auto content_end = xml.find(close, content_begin);
    if (content_end == std::string_view::npos) return std::nullopt;
    return xml.substr(content_begin + 1, content_end - content_begin - 1);
  }
  return std::nullopt;
}

std::optional<std::string> XmlText(std::string_view xml, std::string_view tag) {
  const auto inner = XmlElement(xml, tag);
  if (!inner) return std::nullopt;
  return DecodeEntities(text::Trim(*inner));
}

Reply Reply::Parse(std::string_view body, std::string_view action) {
  Reply reply;
  reply.action_ = std::string(action);
  const std::string result = fmt::format("{}Result", action);
  const std::string response = fmt::format("{}Response", action);
  const auto first = FirstChar(body);
  if (first == "{") {
    auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    const auto* node = json.is_discarded() ? nullptr : JsonAt(json, {response, result});
    if (node && node->is_object()) {
      reply.json_ = true;
      reply.json_result_ = *node;
      return reply;
    }
  } else if (first == "<") {
    if (auto inner = XmlElement(body, result)) {
      reply.xml_result_ = std::string(*inner);
      return reply;
    }
  }
  throw Error(fmt::format("STS {}: malformed reply (no {} in {})", action, result,
                          text::Quote(text::Trim(body).substr(0, kSnippet))));
}

std::optional<std::string> Reply::Get(std::initializer_list<std::string_view> path) const {
  if (json_) {
    const auto* node = JsonAt(json_result_, path);
    if (!node || node->is_null()) return std::nullopt;
    if (node->is_string()) return node->get<std::string>();
    if (node->is_number()) return node->dump();
    return std::nullopt;
  }
  std::string_view scope = xml_result_;
  const auto* last = path.end() - 1;
  for (const auto* it = path.begin(); it != last; ++it) {
    const auto inner = XmlElement(scope, *it);
    if (!inner) return std::nullopt;
    scope = *inner;
  }
  return XmlText(scope, *last);
}

std::string Reply::Require(std::initializer_list<std::string_view> path) const {
  auto value = Get(path);
  if (!value || value->empty()) {
    std::vector<std::string> names(path.begin(), path.end());
    throw Error(fmt::format("STS {}: malformed reply (no {})", action_, text::Join(names, ".")));
  }
  return *value;
}

std::optional<AwsError> ParseError(std::string_view body) {
  const auto first = FirstChar(body);
  AwsError error;
  if (first == "{") {
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded()) return std::nullopt;
    const auto* code = JsonAt(json, {"Error", "Code"});
    if (!code) code = JsonAt(json, {"__type"});  // the awsJson form, should a proxy answer in it
    if (!code || !code->is_string()) return std::nullopt;
    error.code = code->get<std::string>();
    const auto* message = JsonAt(json, {"Error", "Message"});
    if (!message) message = JsonAt(json, {"message"});
    if (message && message->is_string()) error.message = OneLine(message->get<std::string>());
  } else if (first == "<") {
    const auto inner = XmlElement(body, "Error");
    if (!inner) return std::nullopt;
    auto code = XmlText(*inner, "Code");
    if (!code || code->empty()) return std::nullopt;
    error.code = *code;
    error.message = OneLine(XmlText(*inner, "Message").value_or(""));
  } else {
    return std::nullopt;
  }
  return error;
}

Error ErrorFor(long status, std::string_view body, std::string_view action) {
  const auto error = ParseError(body);
  if (!error) {
    const auto snippet = text::Trim(body).substr(0, kSnippet);
    return Error(snippet.empty()
                     ? fmt::format("STS {}: HTTP {} with an empty reply", action, status)
                     : fmt::format("STS {}: HTTP {}: {}", action, status, text::Quote(snippet)));
  }
  const std::string& code = error->code;
  std::string hint;
  if (code == "ExpiredToken" || code == "ExpiredTokenException") {
    hint =
        "the session has expired: sign in again (for IAM Identity Center: aws sso login --profile "
        "<profile>)";
  } else if (code == "RequestExpired") {
    hint = "the request was signed with a time more than 5 minutes off: check the system clock";
  } else if (code == "InvalidClientTokenId" || code == "UnrecognizedClientException" ||
             code == "InvalidAccessKeyId") {
    hint =
        "the access key is wrong or no longer exists: check AWS_ACCESS_KEY_ID or the profile's "
        "credentials";
  } else if (code == "SignatureDoesNotMatch") {
    hint = "the secret access key does not match the access key, or the system clock is wrong";
  } else if (code == "AccessDenied" && action.starts_with("AssumeRole")) {
    hint = "the role's trust policy does not allow this caller (or the external ID / MFA is wrong)";
  } else if (code == "Throttling") {
    hint = "STS is rate-limiting this account: try again in a minute";
  }
  const bool auth = std::find(kAuthCodes.begin(), kAuthCodes.end(), code) != kAuthCodes.end();
  const std::string message =
      error->message.empty() ? code : fmt::format("{}: {}", code, error->message);
  return Error(message, hint, auth ? Exit::kAuth : Exit::kError);
}

}  // namespace ssomap::aws::sts
