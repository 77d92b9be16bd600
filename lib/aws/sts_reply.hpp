#pragma once
/// Reading STS query-protocol replies, JSON (`Accept: application/json`) or XML: the result fields
/// of a success and the code and message of an AWS error. Pure; no I/O.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace ssomap::aws::sts {

/// The `<Action>Result` part of a successful reply.
class Reply {
 public:
  /// Parses `body` as the reply to `action` (e.g. "GetCallerIdentity"). Throws ssomap::Error
  /// ("malformed reply …") if it is neither JSON nor XML or lacks the `<Action>Result` element.
  static Reply Parse(std::string_view body, std::string_view action);

  /// The text of the field at `path` under the result, e.g. {"Credentials", "AccessKeyId"};
  /// nullopt when absent. XML entities are decoded; JSON numbers are returned as their text.
  std::optional<std::string> Get(std::initializer_list<std::string_view> path) const;

  /// Get, or a malformed-reply error naming the missing field.
  std::string Require(std::initializer_list<std::string_view> path) const;

 private:
  std::string action_;
  bool json_ = false;
  nlohmann::json json_result_;
  std::string xml_result_;  ///< the inner text of <ActionResult>
};

/// An AWS error as STS reports it.
struct AwsError {
  std::string code;     ///< e.g. "ExpiredToken"
  std::string message;  ///< AWS's message, on one line
};

/// The error in an error reply (JSON `{"Error":{"Code","Message"}}` or XML
/// `<ErrorResponse><Error><Code/><Message/>`), or nullopt when the body holds none.
std::optional<AwsError> ParseError(std::string_view body);

/// The ssomap::Error for a non-200 reply: one line `<Code>: <Message>` plus the remedy we know
/// for the code (sign in again, fix the access key, the secret or the clock); authentication
/// codes exit with Exit::kAuth.
Error ErrorFor(long status, std::string_view body, std::string_view action);

/// Text of the first `<tag>…</tag>` inside `xml` (entities decoded), or nullopt; strict: the text
/// must hold no markup. For STS's flat shapes only.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag);

/// The inner markup of the first `<tag>…</tag>` inside `xml`, or nullopt.
std::optional<std::string_view> XmlElement(std::string_view xml, std::string_view tag);

}  // namespace ssomap::aws::sts
