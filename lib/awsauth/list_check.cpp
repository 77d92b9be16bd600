#include "awsauth/list_check.hpp"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "core/error.hpp"

namespace ssomap::awsauth {
namespace {

Error Refused(const std::string& message) {
  return Error(message, "nothing was written; report this with the aws-auth text if it looks wrong",
               Exit::kRefused);
}

std::string Describe(const Mapping& m) {
  return fmt::format("{} entry {} ({})", SourceKey(m.source), m.index + 1,
                     m.arn.empty() ? "no ARN" : m.arn);
}

}  // namespace

ListCheck::ListCheck(const std::vector<Mapping>& want, std::optional<ListChange> change,
                     std::size_t index, Mapping added)
    : want_(want), change_(change), index_(index), added_(std::move(added)) {
  size_ = change == ListChange::kAdd      ? want.size() + 1
          : change == ListChange::kRemove ? want.size() - 1
                                          : want.size();
}

void ListCheck::Next(const Mapping& got) {
  if (seen_ >= size_)
    throw Refused(fmt::format("the edit would add an unexpected {}", Describe(got)));
  if (!Expected(seen_).SameAs(got))
    throw Refused(fmt::format("the edit would change {}", Describe(Expected(seen_))));
  ++seen_;
}

void ListCheck::End() const {
  if (seen_ < size_)
    throw Refused(fmt::format("the edit would drop {}", Describe(Expected(seen_))));
}

const Mapping& ListCheck::Expected(std::size_t k) const {
  if (change_ == ListChange::kAdd) return k < want_.size() ? want_[k] : added_;
  if (change_ == ListChange::kReplace) return k == index_ ? added_ : want_[k];
  if (change_ == ListChange::kRemove) return k < index_ ? want_[k] : want_[k + 1];
  return want_[k];
}

}  // namespace ssomap::awsauth
