#include "core/error.hpp"

#include <fmt/format.h>

#include "core/redact.hpp"

namespace ssomap {

Error::Error(const std::string& message, std::string hint, Exit exit)
    : std::runtime_error(redact::Text(message)), hint_(redact::Text(hint)), exit_(exit) {}

Error Error::WithContext(std::string_view context) const {
  return Error(fmt::format("{}: {}", context, what()), hint_, exit_);
}

Error Error::WithHint(std::string hint) const {
  return Error(what(), hint_.empty() ? std::move(hint) : hint_, exit_);
}

Error UsageError(const std::string& message, std::string hint) {
  return Error(message, std::move(hint), Exit::kUsage);
}

}  // namespace ssomap
