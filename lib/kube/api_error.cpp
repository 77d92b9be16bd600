#include "kube/api_error.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/text.hpp"

namespace ssomap::kube {
namespace {

constexpr const char* kDoctorHint =
    "run 'kubectl ssomap doctor' to see why; check the context's user with: kubectl config view "
    "--minify";
constexpr const char* kForbiddenHint =
    "ask a cluster admin for RBAC access, or use an admin context with --context";
constexpr const char* kRetryLaterHint = "the API server is overloaded or failing; try again later";
/// Longest piece of a non-Status body quoted in a message.
constexpr std::size_t kMaxBodyQuote = 120;

/// Server messages may span lines (RBAC escalation lists rules); ours are one line.
std::string OneLine(std::string_view s) {
  std::string out;
  bool in_break = false;  // a line break and the indentation after it become one space
  for (char c : text::Trim(s)) {
    if (c == '\n' || c == '\r' || c == '\t' || (in_break && c == ' ')) {
      in_break = true;
      continue;
    }
    if (in_break && !out.empty() && out.back() != ' ') out += ' ';
    in_break = false;
    out += c;
  }
  return out;
}

std::string Verb(const std::string& method) {
  if (method == "GET") return "get";
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return "delete";
  return text::Lower(method);
}

std::optional<int> ParseSeconds(std::string_view s) {
  int v = 0;
  auto t = text::Trim(s);
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || v < 0) return std::nullopt;
  return v;
}

/// The Status object in `body`, or nullopt when it is not one.
std::optional<nlohmann::json> StatusOf(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto kind = j.find("kind");
  if (kind == j.end() || !kind->is_string() || *kind != "Status") return std::nullopt;
  return j;
}

std::string StringField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ApiError::ApiError(const std::string& message, std::string hint, Exit exit, long code,
                   std::string reason, std::string server_message,
                   std::optional<int> retry_after_seconds)
    : Error(message, std::move(hint), exit),
      code_(code),
      reason_(std::move(reason)),
      server_message_(std::move(server_message)),
      retry_after_(retry_after_seconds) {}

std::string ReasonForCode(long code) {
  switch (code) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Expired";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return "Unknown";
  }
}

ApiError ErrorFromResponse(const net::Response& response, const RequestInfo& request) {
  const long code = response.status;
  std::string reason = ReasonForCode(code);
  std::string server_message;
  std::optional<int> retry_after = ParseSeconds(response.Header("retry-after"));
  const auto status = StatusOf(response.body);
  if (status) {
    if (auto r = StringField(*status, "reason"); !r.empty()) reason = r;
    server_message = StringField(*status, "message");
    if (auto d = status->find("details"); d != status->end() && d->is_object()) {
      if (auto ra = d->find("retryAfterSeconds"); ra != d->end() && ra->is_number_integer())
        retry_after = ra->get<int>();
      if (auto causes = d->find("causes"); reason == "Invalid" && causes != d->end() &&
                                           causes->is_array() && server_message.empty() &&
                                           !causes->empty()) {
        server_message = StringField(causes->front(), "message");
      }
    }
  }
  const std::string what = fmt::format("{} {}", request.method, request.path);
  std::string detail = OneLine(server_message);
  if (!status) {
    detail = response.body.empty()
                 ? fmt::format("HTTP {}", code)
                 : fmt::format("HTTP {} with a non-Status body {}", code,
                               text::Quote(OneLine(response.body.substr(0, kMaxBodyQuote))));
  }
  if (reason == "Unauthorized") {
    return ApiError(fmt::format("the API server {} rejected the credentials of {}: Unauthorized",
                                request.server, request.identity),
                    kDoctorHint, Exit::kAuth, code, reason, server_message, retry_after);
  }
  if (reason == "Forbidden") {
    auto message = status && !detail.empty()
                       ? detail
                       : fmt::format("{} is forbidden: {} cannot {} it ({})", request.path,
                                     request.identity, Verb(request.method), detail);
    return ApiError(message, kForbiddenHint, Exit::kAuth, code, reason, server_message,
                    retry_after);
  }
  const bool transient = code == 429 || code >= 500;
  if (detail.empty()) detail = reason;
  return ApiError(fmt::format("{}: {} ({})", what, detail, reason),
                  transient ? kRetryLaterHint : "", Exit::kError, code, reason, server_message,
                  retry_after);
}

}  // namespace ssomap::kube
